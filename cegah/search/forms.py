"""The search page's form: the words, and the type, topic and date filters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cegah.search.documents import TOPICS
from cegah.search.models import Kind
from cegah.search.query import MAX_QUERY_LENGTH, Filters

TOPIC_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SearchForm(forms.Form):
    """GET form: `q`, `type`, `topic`, `dari` and `sampai` (dates, inclusive)."""

    q = forms.CharField(
        label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH, strip=True
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Kind.choices]
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    dari = forms.DateField(label=_("From"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("All topics")), *TOPICS.items()]
        # A topic other apps index that is not in the list still filters, by its slug.
        asked = (self.data.get("topic") or "").strip().lower()
        if asked and asked not in TOPICS and TOPIC_SLUG.fullmatch(asked):
            choices.append((asked, asked))
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ChoiceField)
        topic.choices = choices
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def clean_topic(self) -> str:
        return str(self.cleaned_data.get("topic") or "").lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("dari")
        end: dt.date | None = data.get("sampai")
        if start and end and start > end:
            self.add_error("sampai", _("The end date must not be before the start date."))
        return data

    def filters(self, language: str) -> Filters:
        data = self.cleaned_data
        return Filters(
            language=language,
            kind=data.get("type") or None,
            topic=data.get("topic") or None,
            date_from=data.get("dari"),
            date_to=data.get("sampai"),
        )
