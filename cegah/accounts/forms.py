from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cegah.lib.phone import normalize_phone
from cegah.regions.forms import RegionCascadeMixin
from cegah.regions.models import Level


class ProfileForm(RegionCascadeMixin):
    """A person's own details; the home region prefills complaints and local news."""

    region_max_level = Level.DISTRICT

    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        help_text=_("Optional. Used only to tell you about your own reports."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for messages"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
    )

    def clean_phone(self) -> str:
        value: str = self.cleaned_data["phone"].strip()
        return normalize_phone(value) if value else ""


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, such as “complaint export script”."),
    )
