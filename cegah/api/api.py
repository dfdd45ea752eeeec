"""The REST API root: `/api/v1/`, its OpenAPI document and offline docs.

Errors from every endpoint come as `cegah.api.errors.ApiError`, in the language of the
request's `Accept-Language` (Indonesian by default; `cegah.api.middleware`).
"""

from django.http import HttpRequest
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import Schema

from cegah.api.auth import TokenAuth
from cegah.api.base import CegahAPI
from cegah.assistant.api import router as assistant_router
from cegah.campaigns.api import router as campaigns_router
from cegah.complaints.api import router as complaints_router
from cegah.factchecks.api import router as factchecks_router
from cegah.forum.api import router as forum_router
from cegah.gratification.api import router as gratification_router
from cegah.integrity.api import router as integrity_router
from cegah.library.api import router as library_router
from cegah.offices.api import router as offices_router
from cegah.portal.api import router as news_router
from cegah.reach.api import router as reach_router
from cegah.regions.api import router as regions_router
from cegah.search.api import router as search_router
from cegah.services.api import router as services_router

# Swagger UI styles itself inline; only its own page gets that allowance.
_docs_csp = csp_override(
    {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "frame-ancestors": [CSP.NONE],
    }
)

api = CegahAPI(
    title="Cegah API",
    version="1",
    description=(
        "Cegah's public and staff API. Public endpoints need no credentials; staff endpoints "
        "take a personal token as `Authorization: Bearer <token>`.\n\n"
        "Every error has one shape, `ApiError`: `detail` (a sentence), `code` (a machine name) "
        "and `errors` (each bad field of a 422 with its `loc`, `msg` and `type`). Sentences "
        "follow `Accept-Language`: Indonesian by default, English with `Accept-Language: en`."
    ),
    urls_namespace="api",
    docs_decorator=_docs_csp,
)
api.add_router("/regions", regions_router)
api.add_router("/gratification", gratification_router)
api.add_router("/complaints", complaints_router)
api.add_router("/news", news_router)
api.add_router("/library", library_router)
api.add_router("/search", search_router)
api.add_router("/factchecks", factchecks_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/reach", reach_router)
api.add_router("/services", services_router)
api.add_router("/offices", offices_router)
api.add_router("/integrity", integrity_router)
api.add_router("/forum", forum_router)
api.add_router("/assistant", assistant_router)


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[dict[str, str]]


@api.get("/me", auth=TokenAuth(), response=MeOut, tags=["accounts"], summary="Who am I")
def me(request: HttpRequest) -> MeOut:
    """The caller's identity and roles, to check that a token works."""
    from cegah.accounts.access import active_memberships

    user = request.user
    roles = [{"agency": m.agency.code, "role": m.role} for m in active_memberships(user)]
    return MeOut(email=user.email, full_name=user.full_name, roles=roles)  # type: ignore[union-attr]
