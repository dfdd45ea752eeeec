"""The civil servant number (NIP): 18 digits that carry a birth date, an appointment month,
a sex digit and a serial number (Peraturan BKN: YYYYMMDD YYYYMM S NNN)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_nip(value: str) -> str:
    """The NIP without spaces; raises ValidationError naming what is wrong with it."""
    nip = value.replace(" ", "").strip()
    if len(nip) != 18 or not nip.isascii() or not nip.isdigit():
        raise ValidationError(_("A NIP has exactly 18 digits."), code="nip_length")
    try:
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("The first 8 digits of a NIP are a date of birth (YYYYMMDD)."), code="nip_birth"
        ) from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < born.year + 15 or year > dt.date.today().year + 1:
        raise ValidationError(
            _(
                "Digits 9–14 of a NIP are the appointment year and month (YYYYMM), "
                "at least 15 years after birth."
            ),
            code="nip_appointment",
        )
    if nip[14] not in "12":
        raise ValidationError(_("Digit 15 of a NIP is 1 (male) or 2 (female)."), code="nip_sex")
    return nip
