"""Forms of the campaign pages; each works without JavaScript."""

from __future__ import annotations

import secrets
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cegah.agencies.models import Agency
from cegah.campaigns.models import (
    REMINDER_CHANNELS,
    Campaign,
    Channel,
    Group,
    Participant,
    ReminderPreference,
)
from cegah.campaigns.reminders import ADDRESS_FIELD, available_channels, choose_channel
from cegah.lib.uploads import IMAGE_TYPES, MB, PDF_TYPE, CleanFile, clean_upload
from cegah.library.models import LibraryItem
from cegah.messaging.models import Channel as MessageChannel


class CampaignForm(forms.ModelForm):
    organiser = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Organiser"))
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    groups = forms.MultipleChoiceField(
        label=_("Who takes part"),
        choices=Group.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Group.ASN],
    )
    targets = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        label=_("Target agencies"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reminder_channels = forms.MultipleChoiceField(
        label=_("Remind through"),
        choices=[(c, MessageChannel(c).label) for c in REMINDER_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=list(REMINDER_CHANNELS),
        help_text=_(
            "Each participant gets the first of these they can be reached on, in this order, "
            "unless they chose one of them on their own page."
        ),
    )
    circular_file = forms.FileField(
        label=_("Circular letter (PDF)"), required=False, help_text=_("PDF, at most 10 MB.")
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Campaign
        fields = [
            "title",
            "goal",
            "circular_number",
            "circular_date",
            "circular_signatory",
            "starts_on",
            "ends_on",
            "landing_url",
            "reminder_time",
        ]
        widgets = {
            "circular_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, organisers: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.circular: CleanFile | None = None
        names = [n for n in self.fields if n != "reminder_channels"]
        names.insert(names.index("reminder_time") + 1, "reminder_channels")
        self.order_fields(names)
        self.targets_field = cast(forms.ModelMultipleChoiceField, self.fields["targets"])
        if self.instance.pk:
            del self.fields["organiser"]
            organiser = self.instance.organiser
            self.fields["channels"].initial = self.instance.channels
            self.fields["groups"].initial = self.instance.groups
            self.fields["reminder_channels"].initial = self.instance.reminder_channels
            self.fields["targets"].initial = [
                t.agency_id for t in self.instance.target_rows.filter(joined=False)
            ]
            self.targets_field.queryset = Agency.objects.active().subtree_of(organiser)
        else:
            cast(forms.ModelChoiceField, self.fields["organiser"]).queryset = Agency.objects.filter(
                pk__in=[a.pk for a in organisers]
            )
            if len(organisers) == 1:
                self.fields["organiser"].initial = organisers[0]
            query = Agency.objects.none()
            for agency in organisers:
                query = query | Agency.objects.active().subtree_of(agency)
            self.targets_field.queryset = query.distinct()
            self.fields["form_token"].initial = secrets.token_urlsafe(24)

    def clean_circular_file(self) -> Any:
        upload = self.cleaned_data.get("circular_file")
        if upload:
            self.circular = clean_upload(
                upload, allowed=frozenset({PDF_TYPE}), max_bytes=10 * MB, stem="circular"
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        # Kept in the fixed order of preference, whatever order the browser sent.
        chosen = set(data.get("reminder_channels") or [])
        data["reminder_channels"] = [c for c in REMINDER_CHANNELS if c in chosen]
        if data.get("reminder_time") and not data["reminder_channels"]:
            self.add_error(
                "reminder_channels",
                _("Choose at least one channel, or leave the reminder time empty."),
            )
        organiser = data.get("organiser") or (self.instance.organiser if self.instance.pk else None)
        for target in data.get("targets") or []:
            if organiser is not None and not target.path.startswith(organiser.path):
                self.add_error("targets", _("Choose the organiser's own units."))
                break
        return data


class ScheduleDayForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Day"), coerce=str)
    item = forms.ModelChoiceField(
        queryset=LibraryItem.objects.published(), label=_("Material from the library")
    )
    caption = forms.CharField(
        label=_("Caption"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text=_("Leave empty to use the material's own caption."),
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["day"]).choices = [
            (d.isoformat(), d.isoformat()) for d in campaign.days()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        item = data.get("item")
        if item is not None and not (data.get("caption") or "").strip():
            if not item.caption.strip():
                self.add_error("caption", _("This material has no caption; write one."))
            else:
                data["caption"] = item.caption
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list (CSV or XLSX)"),
        help_text=_(
            "Columns: nip, name, unit_code, phone, email, and optionally group (asn, pkk or "
            "dharma_wanita; PKK and Dharma Wanita members need no NIP but a phone or an email). "
            "The first line is the header."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file, import nothing"), required=False, initial=True
    )


class ShareForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Where did you share it?"), widget=forms.RadioSelect)
    proof_url = forms.URLField(
        label=_("Link to your post (optional)"), required=False, assume_scheme="https"
    )
    proof = forms.FileField(
        label=_("Screenshot (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channels = campaign.online_channels() or [Channel(c) for c in campaign.channels]
        cast(forms.ChoiceField, self.fields["channel"]).choices = [
            (c.value, c.label) for c in channels
        ]
        if len(channels) >= 1:
            self.fields["channel"].initial = channels[0].value
        self.proof_clean: CleanFile | None = None

    def clean_proof(self) -> Any:
        upload = self.cleaned_data.get("proof")
        if upload:
            self.proof_clean = clean_upload(
                upload, allowed=frozenset(IMAGE_TYPES), max_bytes=5 * MB, stem="proof"
            )
        return upload


def _masked(address: str) -> str:
    """Enough of an address for its owner to recognise it, on a page behind a link that may
    be forwarded: "+62812…7890", "s…@klaten.go.id"."""
    if "@" in address:
        local, _sep, domain = address.partition("@")
        return f"{local[:1]}…@{domain}"
    return f"{address[:6]}…{address[-4:]}" if len(address) > 10 else address


class ReminderForm(forms.Form):
    """The participant's own choice of how to be reminded ("Pengingat")."""

    remind_via = forms.ChoiceField(label=_("Remind me through"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign = participant.campaign
        available = available_channels(campaign, participant)
        choices: list[tuple[str, str]] = []
        for name in available:
            address = getattr(participant, ADDRESS_FIELD[name])
            label = MessageChannel(name).label
            if name == "telegram":
                choices.append((name, str(label)))
            else:
                choices.append((name, f"{label} ({_masked(address)})"))
        choices.append((ReminderPreference.NONE, str(ReminderPreference.NONE.label)))
        field = cast(forms.ChoiceField, self.fields["remind_via"])
        field.choices = choices
        addresses = {name: getattr(participant, ADDRESS_FIELD[name]) for name in available}
        current = choose_channel(available, participant.reminder_channel, addresses)
        field.initial = current or ReminderPreference.NONE
        self.available = available
