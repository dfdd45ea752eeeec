"""The account page: profile, roles, API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cegah.accounts.access import active_memberships, is_staff_member
from cegah.accounts.actions import update_profile
from cegah.accounts.forms import ApiTokenForm, ProfileForm
from cegah.api.access import get_token_for_user
from cegah.api.actions import create_api_token, revoke_api_token
from cegah.api.models import ApiToken
from cegah.core.errors import render_error, too_many_context


def _page(
    request: HttpRequest,
    form: ProfileForm,
    token_form: ApiTokenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    context = {
        "form": form,
        "token_form": token_form or ApiTokenForm(),
        "memberships": active_memberships(user),
        "can_use_api": is_staff_member(user),
        "tokens": ApiToken.objects.filter(user=user).usable(),  # type: ignore[misc]
        "new_token": request.session.pop("new_api_token", None),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Show and edit the person's own details; the region selects cascade without JS."""
    user = request.user
    if request.method != "POST":
        initial = {
            "full_name": user.full_name,  # type: ignore[union-attr]
            "phone": user.phone,  # type: ignore[union-attr]
            "preferred_language": user.preferred_language,  # type: ignore[union-attr]
        }
        form = ProfileForm(initial=initial, initial_region=user.region)  # type: ignore[union-attr]
        return _page(request, form)
    form = ProfileForm(request.POST)
    if form.region_refresh_requested or not form.is_valid():
        return _page(request, form, status=200 if form.region_refresh_requested else 400)
    data = form.cleaned_data
    update_profile(
        actor=user,  # type: ignore[arg-type]
        full_name=data["full_name"],
        phone=data["phone"],
        preferred_language=data["preferred_language"],
        region=data["region"],
    )
    messages.success(request, _("Your profile has been saved."))
    return redirect("accounts:profile")


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    """Issue a personal API token; it is shown once on the next page."""
    if not is_staff_member(request.user):
        messages.error(request, _("API tokens are for agency staff."))
        return redirect("accounts:profile")
    token_form = ApiTokenForm(request.POST)
    if not token_form.is_valid():
        form = ProfileForm(initial_region=request.user.region)  # type: ignore[union-attr]
        return _page(request, form, token_form, status=400)
    _token, secret = create_api_token(actor=request.user, name=token_form.cleaned_data["name"])  # type: ignore[arg-type]
    request.session["new_api_token"] = secret
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the person's own tokens; another person's token is a 404."""
    token = get_token_for_user(request.user, token_id)  # type: ignore[arg-type]
    revoke_api_token(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """allauth's 429 (`handler429` in the root URLconf): a flood of sign-in, sign-up or
    reset forms from one address gets the site's page, in the address's language."""
    window = 60  # allauth's per-address limits count per minute
    return render_error(
        request, 429, headers={"Retry-After": str(window)}, **too_many_context(window)
    )
