"""What holds a post for review before anyone sees it: links, email addresses, phone numbers
and numbers shaped like a NIK (16 digits). People asking about a levy often paste an
officer's number or their own ID; a moderator reads those first."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cegah.lib.phone import normalize_phone

_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|id|net|org|info|xyz|co|io|me|ly)"
    r"(?:/\S*)?\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Digits with the separators people type inside numbers ("0812-3456 7890", "3310.0112…").
_NUMBER = re.compile(r"\+?\d[\d .\-()]{5,22}\d")

REASONS = {
    "link": _("a link"),
    "email": _("an email address"),
    "phone": _("a phone number"),
    "nik": _("an ID number (NIK)"),
}


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if not 9 <= len(digits) <= 14 or not candidate.lstrip("+(").startswith(("0", "62")):
        return False
    try:
        normalize_phone(candidate)
    except ValidationError:
        return False
    return True


def screen(text: str) -> list[str]:
    """The kinds of personal data or links found in `text` (keys of `REASONS`), in a fixed
    order; empty when the post may show at once."""
    found: set[str] = set()
    if _EMAIL.search(text):
        found.add("email")
    if _LINK.search(_EMAIL.sub(" ", text)):
        found.add("link")
    for match in _NUMBER.finditer(text):
        candidate = match.group().strip(" .-")
        digits = re.sub(r"\D", "", candidate)
        if len(digits) == 16:
            found.add("nik")
        elif _is_phone(candidate):
            found.add("phone")
    return [key for key in REASONS if key in found]


def describe(reasons: list[str]) -> str:
    """The reasons as a comma-separated phrase in the active language."""
    return ", ".join(str(REASONS[r]) for r in reasons if r in REASONS)
