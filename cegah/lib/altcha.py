"""Proof of work (ALTCHA) on public forms, without shutting out people who have no JavaScript.

With JavaScript the ALTCHA widget (vendored from npm under `static/vendor/altcha/`, the build
without inline styles or inline workers, so the strict CSP holds; django-altcha's own copy is
never collected, `settings.ALTCHA_JS_URL` points the package at ours) fetches a challenge from
`/altcha/challenge`, solves it in a web worker while the person types and puts the proof in
the form. The server checks the proof (signature, expiry) with the `altcha` library through
django-altcha's field, and its single use with one atomic `add` in the shared cache.

Without JavaScript there is no proof. The form still works: the view counts such submissions
against a stricter per-client limit (`PublicFormGuard`) instead of refusing them, so a
person on a basic phone can report while a robot that skips the proof gets very few tries.
A proof that is present but wrong (tampered, expired, replayed) is always refused.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_altcha import (
    AltchaField,
    AltchaWidget,
    get_altcha_challenge,
    get_cache,
    get_challenge_expire_seconds,
)

logger = logging.getLogger(__name__)


def widget_strings() -> str:
    """The widget's texts in the page's language (ALTCHA's `strings` option)."""
    return json.dumps(
        {
            "label": gettext("I am not a robot"),
            "verifying": gettext("Checking…"),
            "verified": gettext("Checked"),
            "error": gettext("The check failed. You can still send the form."),
            "expired": gettext("The check expired. Try again."),
            "waitAlert": gettext("Checking… please wait."),
            "ariaLinkLabel": gettext("About ALTCHA"),
            "footer": "",
        }
    )


class ProofOfWorkWidget(AltchaWidget):
    template_name = "widgets/altcha.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # The challenge comes from `challengeurl` when the widget starts, not from the page,
        # so the page stays cacheable and the challenge fresh; the base class would sign one
        # into every rendering otherwise.
        self.options["challengeurl"] = reverse("altcha-challenge")
        self.options["workerurl"] = static("vendor/altcha/worker.js")
        self.options["strings"] = widget_strings()
        # The script's address comes from the base class (settings.ALTCHA_JS_URL, our vendored
        # build), so there is one source for it; the stylesheet and worker sit beside it.
        context = super().get_context(name, value, attrs)
        context["altcha_css"] = static("vendor/altcha/altcha.css")
        return context


class ProofOfWorkField(AltchaField):
    """ALTCHA's field, optional: an empty value means "no JavaScript", which the view limits
    more strictly; a value that does not verify is an error."""

    widget = ProofOfWorkWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Robot check"))
        kwargs.setdefault("auto", "onfocus")
        kwargs.setdefault("hidefooter", True)
        kwargs.setdefault("hidelogo", True)
        super().__init__(**kwargs)
        self.error_messages.update(
            {
                "invalid": _(
                    "The robot check did not pass. Send the form again; what you wrote is kept."
                ),
                "replay": _(
                    "This robot check was already used. Send the form again; what you wrote "
                    "is kept."
                ),
                "error": _(
                    "The robot check could not be read. Send the form again; what you wrote "
                    "is kept."
                ),
            }
        )

    def validate(self, value: Any) -> None:
        if not value:
            return
        super().validate(value)

    def replay_attack_protection(self, payload: str) -> None:
        """Each challenge is accepted once across every web process and node: one atomic
        `add` in the shared cache (Redis when `REDIS_URL` is set), where django-altcha's own
        check reads and then writes, so two nodes given the same proof at once both took it."""
        try:
            challenge = str(json.loads(base64.b64decode(payload).decode())["challenge"])
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            logger.warning("ALTCHA payload could not be decoded: %s", exc.__class__.__name__)
            raise forms.ValidationError(self.error_messages["error"], code="error") from exc
        key = f"altcha:used:{challenge}"
        if not get_cache().add(key, True, timeout=get_challenge_expire_seconds()):
            logger.warning("ALTCHA proof replayed")
            raise forms.ValidationError(self.error_messages["replay"], code="invalid")


def has_proof(form: forms.Form, field: str = "altcha") -> bool:
    """Whether a valid form carried a verified proof of work."""
    return bool(form.cleaned_data.get(field))


@never_cache
@require_GET
def challenge(request: HttpRequest) -> JsonResponse:
    """A fresh signed challenge for the widget (`/altcha/challenge`)."""
    issued = get_altcha_challenge(max_number=settings.ALTCHA_MAX_NUMBER)
    # The widget stops searching at `maxnumber`; altcha's Challenge leaves it out.
    return JsonResponse({**issued.__dict__, "maxnumber": settings.ALTCHA_MAX_NUMBER})
