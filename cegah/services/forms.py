"""The fee check form: a plain GET form that works without JavaScript."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cegah.regions.models import Region

_REGION = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
EARLIEST = dt.date(2000, 1, 1)


class CheckForm(forms.Form):
    """`?q=&tanggal=&wilayah=` (and, passed along, `kantor` and `diminta`)."""

    q = forms.CharField(
        label=_("Which service? Ask in your own words"),
        max_length=300,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. how much is a new SIM A?"), "autocomplete": "off"}
        ),
    )
    tanggal = forms.DateField(
        label=_("On which day? (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Default: today. Fees change when regulations change."),
    )
    wilayah = forms.CharField(
        label=_("Region code (optional)"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_(
            "Kemendagri code of your regency or city, e.g. 33.10 for Kabupaten Klaten: shows "
            "local levies where the law lets regions set them."
        ),
    )
    diminta = forms.IntegerField(
        label=_("How much were you asked to pay? (optional, rupiah)"),
        required=False,
        min_value=0,
        max_value=10**12,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    kantor = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def clean_tanggal(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data["tanggal"]
        if value and value < EARLIEST:
            raise ValidationError(_("Choose a day from the year 2000 onwards."))
        return value

    def clean_wilayah(self) -> str:
        value: str = self.cleaned_data["wilayah"].strip()
        if not value:
            return ""
        if not _REGION.fullmatch(value):
            raise ValidationError(_("Write a region code like 33.10 (digits and dots)."))
        if Region.objects.exists() and not Region.objects.filter(code=value).exists():
            raise ValidationError(_("There is no region with this code."))
        return value

    def clean_kantor(self) -> str:
        value: str = self.cleaned_data["kantor"].strip()
        return value if re.fullmatch(r"[-A-Za-z0-9_.]{0,40}", value) else ""
