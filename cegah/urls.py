from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponseBase
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.documents import urls as wagtaildocs_urls

from cegah.api.api import api
from cegah.core.media import serve_file
from cegah.core.views import healthz, ping
from cegah.lib.altcha import challenge as altcha_challenge

# Error pages in the site's layout and the address's language (cegah/core/errors.py).
handler400 = "cegah.core.errors.bad_request"
handler403 = "cegah.core.errors.permission_denied"
handler404 = "cegah.core.errors.page_not_found"
handler500 = "cegah.core.errors.server_error"
# Sign-in and other allauth limits (cegah/accounts, docs/security.md).
handler429 = "cegah.accounts.views.too_many_requests"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("ping", ping, name="ping"),
    path("api/v1/", api.urls),
    path("open311/v2/", include("cegah.complaints.open311_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("altcha/challenge", altcha_challenge, name="altcha-challenge"),
    path("s/", include("cegah.campaigns.short_urls")),
    path("telegram/", include("cegah.messaging.urls")),
    path("hooks/", include("cegah.chat.webhook_urls")),
    # Wagtail's editorial interface (with its own CSP) and its document downloads.
    path("cms/", include("cegah.portal.cms_urls")),
    path("dokumen/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("", include("cegah.portal.urls")),
    path("", include("cegah.core.urls")),
    path("akun/", include("cegah.accounts.urls")),
    path("akun/", include("allauth.urls")),
    path("instansi/", include("cegah.agencies.urls")),
    path("wilayah/", include("cegah.regions.urls")),
    path("keluhan/", include("cegah.complaints.urls")),
    path("gratifikasi/", include("cegah.gratification.urls")),
    path("pustaka/", include("cegah.library.urls")),
    path("cari/", include("cegah.search.urls")),
    path("cek-fakta/", include("cegah.factchecks.urls")),
    path("kampanye/", include("cegah.campaigns.urls")),
    path("jangkauan/", include("cegah.reach.urls")),
    path("cek-biaya/", include("cegah.services.urls")),
    path("unit-layanan/", include("cegah.offices.urls")),
    path("integritas/", include("cegah.integrity.urls")),
    path("diskusi/", include("cegah.forum.urls")),
    path("pengetahuan/", include("cegah.assistant.urls")),
    path("tanya/", include("cegah.chat.urls")),
    path("privasi/", include("cegah.privacy.urls")),
    path("admin/", admin.site.urls),
    # Wagtail serves every other path from its page tree (last: it matches everything).
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)


def _media(request: HttpRequest, path: str) -> HttpResponseBase:
    # MEDIA_ROOT is read per request, so a test that moves it is served from where it stores.
    return serve_file(request, path, document_root=str(settings.MEDIA_ROOT))


if not settings.PRODUCTION:
    # Uploaded files; production serves them from object storage or the front proxy.
    urlpatterns += [path("media/<path:path>", _media)]

# --- observability ---
# Prometheus's scrape address, outside the language prefixes (cegah/observability/views.py).
urlpatterns += [path("", include("cegah.observability.urls"))]
