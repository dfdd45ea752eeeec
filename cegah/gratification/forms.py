"""Forms: the three steps of the public check, the report, and the staff decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lokal import is_valid_nik

from cegah.gratification.choices import (
    FORM_CHOICES,
    GIVER_RELATION_CHOICES,
    KIND_CHOICES,
    OCCASION_CHOICES,
)
from cegah.gratification.models import Decision, DecreeIssuer, GratificationReport
from cegah.gratification.rules import Gift

# Indonesia's easternmost zone: a date that is already today anywhere is not in the future.
_EASTERNMOST = ZoneInfo("Asia/Jayapura")
MAX_IDR = 10**15


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_future(day: dt.date) -> None:
    if day > dt.datetime.now(_EASTERNMOST).date():
        raise ValidationError(_("The date cannot be in the future."))


def rupiah_field(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_IDR, widget=forms.NumberInput(), **kwargs
    )


class WhatStep(forms.Form):
    """Step 1: when, what and how much."""

    received_on = forms.DateField(
        label=_("When did you receive it?"), widget=DateInput(), validators=[_not_in_future]
    )
    form = forms.ChoiceField(label=_("What was it?"), choices=FORM_CHOICES)
    # Radio buttons, not a list: on a phone a list cuts each kind to its first words, and the
    # words after them are what tell a parent's voucher from a shop's promotion.
    kind = forms.ChoiceField(
        label=_("What kind of gift was it?"),
        choices=KIND_CHOICES,
        initial="gift",
        widget=forms.RadioSelect,
        help_text=_(
            "A voucher or money that someone gave you is a gift from that person, even when a "
            "shop issued the voucher."
        ),
    )
    value_idr = rupiah_field(
        _("What is it worth, in rupiah?"), help_text=_("An estimate is enough, e.g. 1500000.")
    )


class WhoStep(forms.Form):
    """Step 2: who gave it and on what occasion."""

    giver_relation = forms.ChoiceField(
        label=_("Who gave it to you?"), choices=GIVER_RELATION_CHOICES
    )
    occasion = forms.ChoiceField(label=_("On what occasion?"), choices=OCCASION_CHOICES)
    same_giver_total_this_year_idr = rupiah_field(
        _("What else has the same giver given you this year, in rupiah?"),
        required=False,
        help_text=_("Leave empty if nothing."),
    )

    def clean_same_giver_total_this_year_idr(self) -> int:
        return self.cleaned_data.get("same_giver_total_this_year_idr") or 0


class ConditionsStep(forms.Form):
    """Step 3: the yes/no conditions the exemptions depend on."""

    because_of_office = forms.BooleanField(
        label=_("It was given to me because of my job or position"),
        required=False,
        help_text=_("For example a thank-you for a service, or a gift for a decision to come."),
    )
    conflict_of_interest = forms.BooleanField(
        label=_("The giver has an interest in decisions I make or take part in"), required=False
    )
    general_terms = forms.BooleanField(
        label=_(
            "Anyone from the public could get it on the same terms (such as a shop's "
            "promotion), or every participant of the event got the same"
        ),
        required=False,
    )
    within_cost_standard = forms.BooleanField(
        label=_("It is an honorarium within the applicable cost standard"), required=False
    )
    double_funding = forms.BooleanField(
        label=_("The activity is also paid for from another budget"), required=False
    )
    to_institution = forms.BooleanField(
        label=_("It was given to my agency in official relations, not to me"), required=False
    )


STEPS: tuple[type[forms.Form], ...] = (WhatStep, WhoStep, ConditionsStep)
STEP_TITLES = (
    _("When and what"),
    _("Who gave it, and why"),
    _("The circumstances"),
)
ANSWER_FIELDS: tuple[str, ...] = tuple(name for step in STEPS for name in step.base_fields)


# The check's answers a report keeps beside its own fields.
ANSWER_NAMES = ("same_giver_total_this_year_idr", *ConditionsStep.base_fields)


def gift_from(data: dict[str, Any]) -> Gift:
    """A gift for the engine from the cleaned data of every step."""
    return Gift(**{name: data[name] for name in ANSWER_FIELDS})


def answers_as_text(data: dict[str, Any]) -> dict[str, str]:
    """Cleaned answers as query-string values (dates ISO, booleans "on" or absent)."""
    out: dict[str, str] = {}
    for name in ANSWER_FIELDS:
        value = data.get(name)
        if isinstance(value, bool):
            if value:
                out[name] = "on"
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
        elif value is not None:
            out[name] = str(value)
    return out


def validate_answers(data: Any) -> tuple[int, dict[str, Any], forms.Form | None]:
    """Check the answers step by step: (steps valid, cleaned data, first invalid form)."""
    cleaned: dict[str, Any] = {}
    for index, step in enumerate(STEPS):
        form = step(data)
        if not form.is_valid():
            return index, cleaned, form
        cleaned.update(form.cleaned_data)
    return len(STEPS), cleaned, None


class ReportForm(forms.ModelForm):
    """The report: the fields of Pasal 16 UU 30/2002 and KPK's online form."""

    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
        help_text=_("A photo or a PDF, up to 10 MB."),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    giver_relation = forms.ChoiceField(
        label=_("Relation to the giver"), choices=GIVER_RELATION_CHOICES
    )
    form = forms.ChoiceField(label=_("Form of the gift"), choices=FORM_CHOICES)
    kind = forms.ChoiceField(label=_("Kind of gift"), choices=KIND_CHOICES)
    occasion = forms.ChoiceField(label=_("Occasion"), choices=OCCASION_CHOICES)
    same_giver_total_this_year_idr = WhoStep.base_fields["same_giver_total_this_year_idr"]
    because_of_office = ConditionsStep.base_fields["because_of_office"]
    conflict_of_interest = ConditionsStep.base_fields["conflict_of_interest"]
    general_terms = ConditionsStep.base_fields["general_terms"]
    within_cost_standard = ConditionsStep.base_fields["within_cost_standard"]
    double_funding = ConditionsStep.base_fields["double_funding"]
    to_institution = ConditionsStep.base_fields["to_institution"]

    class Meta:
        model = GratificationReport
        fields = [
            "reporter_name",
            "reporter_nik",
            "reporter_position",
            "reporter_address",
            "reporter_phone",
            "reporter_email",
            "giver_name",
            "giver_relation",
            "giver_address",
            "received_on",
            "place_received",
            "form",
            "kind",
            "occasion",
            "category",
            "description",
            "value_idr",
            "chronology",
            "receipt",
            "object_location",
        ]
        widgets = {
            "received_on": DateInput(),
            "reporter_address": forms.Textarea(attrs={"rows": 2}),
            "giver_address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "chronology": forms.Textarea(attrs={"rows": 5}),
            "receipt": forms.RadioSelect,
            "object_location": forms.RadioSelect,
        }
        help_texts = {
            "giver_name": _("Leave empty if you do not know who gave it."),
            "chronology": _("How, when and why it was given, in your own words."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ANSWER_NAMES:
                self.initial.setdefault(name, self.instance.answers.get(name))

    def split(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(the report's own fields, the check's answers the assessment also needs)."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        answers = {name: self.cleaned_data.get(name) for name in ANSWER_NAMES}
        answers["same_giver_total_this_year_idr"] = answers["same_giver_total_this_year_idr"] or 0
        return data, answers

    def clean_reporter_nik(self) -> str:
        nik = "".join(str(self.cleaned_data["reporter_nik"]).split())
        if not is_valid_nik(nik):
            raise ValidationError(_("This is not a valid NIK (16 digits from your KTP)."))
        return nik

    def clean_received_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["received_on"]
        _not_in_future(day)
        return day


class ReasonForm(forms.Form):
    message = forms.CharField(label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 3}))


class OptionalNoteForm(forms.Form):
    message = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    issuer = forms.ChoiceField(
        label=_("Issued by"),
        choices=DecreeIssuer.choices,
        initial=DecreeIssuer.DIREKTUR,
        widget=forms.RadioSelect,
        help_text=_("Who signs depends on how senior the reporter's position is."),
    )
    signatory_name = forms.CharField(label=_("Name of the signatory"), max_length=150)
    signatory_position = forms.CharField(
        label=_("Position of the signatory"),
        max_length=200,
        help_text=_("As it is printed under the signature."),
    )
    amount_idr = rupiah_field(_("Amount to redeem (IDR)"), required=False)
    reason = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == Decision.MILIK_NEGARA_DAPAT_DIGANTI_UANG and not data.get("amount_idr"):
            self.add_error("amount_idr", _("Give the amount the reporter may pay."))
        if decision == Decision.TIDAK_DAPAT_DITINDAKLANJUTI and not data.get("reason"):
            self.add_error("reason", _("Say why the report cannot be followed up."))
        return data


class HandoverForm(forms.Form):
    message = forms.CharField(
        label=_("Handover record"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who received the object, when, and the receipt number."),
    )
