"""Indonesian phone numbers, checked and normalised with lokal-id."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lokal import parse_phone


def normalize_phone(value: str) -> str:
    """'0812-3456-7890' → '+6281234567890'; raises ValidationError for anything else."""
    info = parse_phone(value.strip())
    if not info.valid or not info.e164:
        raise ValidationError(
            _("Enter an Indonesian phone number, such as 0812 3456 7890."), code="phone"
        )
    return info.e164
