"""The ask form of the knowledge pages (works without JavaScript: a GET form)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AskForm(forms.Form):
    q = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        help_text=_(
            "Ask in your own words, e.g. “wedding envelope Rp1 million, must I report it?”"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
    )

    def clean_q(self) -> str:
        value = str(self.cleaned_data["q"]).strip()
        limit = int(settings.ASSISTANT_MAX_QUESTION_CHARS)
        if len(value) > limit:
            raise forms.ValidationError(
                _("A question may have at most %(max)s characters."), params={"max": limit}
            )
        return value
