"""Forms of the integrity pages (all work without JavaScript)."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cegah.integrity.models import (
    Assessment,
    Confidence,
    Indicator,
    Instrument,
    RankScope,
    SizeClass,
)

YEARS = [(y, str(y)) for y in range(2030, 2016, -1)]


class ImportForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    year = forms.TypedChoiceField(
        label=_("Year (survey or assessment year)"), choices=YEARS, coerce=int
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: region (Kemendagri code, e.g. 33.10), score, and optionally category, "
            "rank, rank_of, rank_scope, size_class, scope, interim, note and one column per "
            "component of that year."
        ),
    )
    source_title = forms.CharField(label=_("Source title"), max_length=300)
    source_url = forms.URLField(label=_("Source address"), max_length=500, required=False)
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=Confidence.choices, initial=Confidence.SURE
    )
    check_only = forms.BooleanField(label=_("Only check the file"), required=False)


class CorrectionForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    year = forms.TypedChoiceField(label=_("Year"), choices=YEARS, coerce=int)
    score = forms.DecimalField(
        label=_("Score"), min_value=0, max_value=100, decimal_places=2, max_digits=5
    )
    published_category = forms.CharField(
        label=_("Category as published"), max_length=60, required=False
    )
    published_rank = forms.IntegerField(label=_("Rank as published"), min_value=1, required=False)
    rank_of = forms.IntegerField(label=_("Ranked among"), min_value=1, required=False)
    rank_scope = forms.ChoiceField(label=_("Rank scope"), choices=RankScope.choices, required=False)
    size_class = forms.ChoiceField(
        label=_("KPK size class"), choices=SizeClass.choices, required=False
    )
    internal = forms.DecimalField(
        label=_("SPI internal"), required=False, min_value=0, max_value=100
    )
    external = forms.DecimalField(
        label=_("SPI external"), required=False, min_value=0, max_value=100
    )
    expert = forms.DecimalField(label=_("SPI expert"), required=False, min_value=0, max_value=100)
    correction = forms.DecimalField(
        label=_("SPI correction factor"), required=False, min_value=0, max_value=100
    )
    source_title = forms.CharField(label=_("Source title"), max_length=300)
    source_url = forms.URLField(label=_("Source address"), max_length=500, required=False)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    reason = forms.CharField(label=_("Why this change"), widget=forms.Textarea(attrs={"rows": 3}))
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", secrets.token_urlsafe(24))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rank, of = data.get("published_rank"), data.get("rank_of")
        if rank and of and rank > of:
            self.add_error("published_rank", _("The rank is larger than the number ranked."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AssessmentForm(forms.Form):
    """One year's assessment of a village or school: a value from 0 to 100 per indicator of
    its programme (the fields are made from the indicator rows)."""

    year = forms.TypedChoiceField(label=_("Assessment year"), choices=YEARS, coerce=int)
    source_title = forms.CharField(
        label=_("Source title"),
        max_length=300,
        help_text=_("The assessment report or page the figures come from."),
    )
    source_url = forms.URLField(label=_("Source address"), max_length=500, required=False)
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=Confidence.choices, initial=Confidence.SURE
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"v_{indicator.code}"] = forms.DecimalField(
                label=indicator.label,
                min_value=0,
                max_value=100,
                decimal_places=2,
                max_digits=5,
                required=False,
                help_text=_("0 to 100; empty if not assessed. Met from %(mark)s.")
                % {"mark": Assessment.PASS_MARK},
            )
        if not self.is_bound:
            self.initial.setdefault("form_token", secrets.token_urlsafe(24))

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[f"v_{i.code}"] for i in self.indicators]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("year", "source_title", "source_url", "confidence")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = [f"v_{i.code}" for i in self.indicators]
        # Only when every indicator was left empty, not when a value was refused as invalid.
        if (
            names
            and not any(n in self.errors for n in names)
            and all(data.get(n) is None for n in names)
        ):
            raise forms.ValidationError(_("Give the value of at least one indicator."))
        return data

    def values(self) -> dict[str, float]:
        return {
            i.code: float(self.cleaned_data[f"v_{i.code}"])
            for i in self.indicators
            if self.cleaned_data.get(f"v_{i.code}") is not None
        }
