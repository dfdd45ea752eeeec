"""Forms of the forum pages (each works without JavaScript)."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cegah.agencies.models import REGIONAL_TYPES, Agency, AgencyType
from cegah.forum.models import FlagReason, Topic
from cegah.regions.forms import RegionCascadeMixin
from cegah.regions.models import Level, Region

TITLE_MAX = 160
BODY_MAX = 4000


def new_form_token() -> str:
    return secrets.token_urlsafe(16)


class FormTokenMixin(forms.Form):
    """A one-time token in the form: submitting the same form twice writes one post."""

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_form_token())


def _agency(code: str) -> Agency | None:
    code = code.strip()
    return Agency.objects.active().filter(code=code).first() if code else None


class ThreadForm(RegionCascadeMixin, FormTokenMixin):
    """A new question. The region picker works without JavaScript (a refresh button loads the
    regencies); the agencies offered are the national ones plus those of the chosen region."""

    region_max_level = Level.REGENCY

    title = forms.CharField(
        label=_("Your question, in one line"), max_length=TITLE_MAX, min_length=10
    )
    body = forms.CharField(
        label=_("Details"),
        max_length=BODY_MAX,
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Do not write phone numbers, ID numbers (NIK) or links: posts with them wait for a "
            "moderator before they are shown."
        ),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    agency = forms.ChoiceField(
        label=_("Agency concerned (optional)"),
        required=False,
        help_text=_("Without one, the government of the region (or KPK) answers."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my question is published with my display name."),
        required=True,
    )

    field_order = ("title", "body", "topic")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_code = ""
        for name in ("regency", "province"):
            value = (self.data.get(name) if self.is_bound else self.initial.get(name)) or ""
            if value:
                region_code = str(value).strip()
                break
        agencies = Agency.objects.active().exclude(type__in=[*REGIONAL_TYPES, AgencyType.UNIT])
        if region_code:
            province = region_code.split(".")[0]
            agencies = agencies | Agency.objects.active().filter(
                Q(region_id=province)
                | Q(region_id=region_code)
                | Q(region__code__startswith=f"{region_code}.")
            )
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            ("", _("— the region's government —")),
            *agencies.order_by("name").values_list("code", "name")[:300],
        ]

    def clean_agency(self) -> Agency | None:
        return _agency(self.cleaned_data.get("agency") or "")


class ReplyForm(FormTokenMixin):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX,
        min_length=2,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    official = forms.BooleanField(
        label=_("This is the official answer of my agency"), required=False
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this post?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Details (optional)"), max_length=500, required=False)


class ModerationForm(forms.Form):
    ACTIONS = (
        ("restore", _("Publish (restore)")),
        ("hide", _("Hide")),
        ("edit", _("Edit and publish")),
        ("block", _("Hide and block the author")),
    )
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (sent to the author)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Edited text (for “Edit and publish”)"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "edit" and not (data.get("body") or "").strip():
            self.add_error("body", _("Write the edited text."))
        return data


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        min_length=2,
        help_text=_("The only name others see next to your posts. Not your email address."),
    )

    def clean_display_name(self) -> str:
        name = str(self.cleaned_data["display_name"]).strip()
        if "@" in name:
            raise forms.ValidationError(_("A display name cannot be an email address."))
        return name


class FilterForm(forms.Form):
    """The list's filters; unknown values are ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topik = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices]
    )
    status = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[
            ("", _("All")),
            ("dijawab", _("Answered")),
            ("belum", _("Not yet answered")),
        ],
    )
    wilayah = forms.CharField(label=_("Region"), required=False, max_length=13)
    instansi = forms.CharField(label=_("Agency code"), required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A province select; a regency or city comes from the links on each question (its
        # code is kept as the select's extra choice so the form shows what is filtered).
        choices = [("", _("All regions")), *_provinces()]
        current = str(self.data.get("wilayah", "") or "").strip()
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["wilayah"] = forms.ChoiceField(
            label=_("Region"), required=False, choices=choices
        )


def _provinces() -> list[tuple[str, str]]:
    """The provinces (code, name), kept an hour in the cache: the list page asks each time."""
    found = cache.get_or_set(
        "forum:provinces",
        lambda: list(Region.objects.provinces().values_list("code", "name")),
        3600,
    )
    return list(found or [])
