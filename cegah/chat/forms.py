"""The web form of Tanya Cegah."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUESTION = 2000


class AskForm(forms.Form):
    """One message: a question, an answer to the running tool, or a pressed button."""

    text = forms.CharField(
        label=_("Your question or answer"),
        max_length=MAX_QUESTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )
    # A pressed button sends its value here.
    choice = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
    photo = forms.ImageField(label=_("Photo (optional)"), required=False)
    # One per page shown: the same form sent twice is answered once.
    token = forms.CharField(min_length=16, max_length=64, widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        choice = str(cleaned.get("choice") or "").strip()
        if choice:
            cleaned["text"] = choice
        if not str(cleaned.get("text") or "").strip() and not cleaned.get("photo"):
            raise forms.ValidationError(_("Write a question first."), code="empty")
        return cleaned
