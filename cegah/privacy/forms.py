"""The erasure confirmation and the access log's filters."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cegah.audit.models import AccessKind, AccessLogQuerySet

if TYPE_CHECKING:
    from cegah.accounts.models import User

# The kinds of object the platform logs access to (audit.actions.log_access callers and
# this app's own rows), for the filter; rows of other types are still listed.
OBJECT_TYPES = (
    "accounts.user",
    "complaints.complaint",
    "complaints.attachment",
    "gratification.gratificationreport",
    "campaigns.campaign",
    "campaigns.participant",
    "factchecks.claim",
    "forum.post",
    "agencies.agency",
)


def object_type_label(label: str) -> str:
    """`complaints.complaint` as the model's (translated) name, or as it is when unknown."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


class EraseForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and the data listed above will be deleted or "
            "anonymised, and that this cannot be undone."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class AccessLogFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=_("Access"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    actor = forms.CharField(label=_("Who (email contains)"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        object_type = self.fields["object_type"]
        assert isinstance(kind, forms.ChoiceField) and isinstance(object_type, forms.ChoiceField)
        kind.choices = [("", _("Any")), *AccessKind.choices]
        object_type.choices = [
            ("", _("Any")),
            *sorted(((t, object_type_label(t)) for t in OBJECT_TYPES), key=lambda c: c[1]),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first date is after the last one."))
        return data

    def apply(self, rows: AccessLogQuerySet) -> AccessLogQuerySet:
        """The rows that match the valid filters (all of them when the form is not valid)."""
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        if data["date_from"]:
            rows = rows.filter(at__gte=dt.datetime.combine(data["date_from"], dt.time.min, zone))
        if data["date_to"]:
            after = data["date_to"] + dt.timedelta(days=1)
            rows = rows.filter(at__lt=dt.datetime.combine(after, dt.time.min, zone))
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["object_type"]:
            rows = rows.filter(object_type=data["object_type"])
        if data["actor"].strip():
            rows = rows.filter(actor_label__icontains=data["actor"].strip())
        return rows
