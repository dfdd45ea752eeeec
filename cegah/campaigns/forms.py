"""Forms of the campaign pages; each works without JavaScript."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cegah.agencies.models import Agency
from cegah.campaigns.models import (
    MAX_ITEMS_PER_DAY,
    REMINDER_CHANNELS,
    Campaign,
    Channel,
    Group,
    Participant,
    ReminderPreference,
    ScheduleDay,
)
from cegah.campaigns.reminders import ADDRESS_FIELD, available_channels, choose_channel
from cegah.lib.uploads import IMAGE_TYPES, MB, PDF_TYPE, CleanFile, clean_upload
from cegah.library.models import LibraryItem
from cegah.library.picker import usable_items
from cegah.messaging.models import Channel as MessageChannel


def day_label(day: dt.date) -> str:
    """A campaign day as people say it, in the page's language: "Rabu, 24 April 2024"."""
    return date_format(day, "l, j F Y")


class AgencyChoices(forms.ModelMultipleChoiceField):
    """Agencies to tick, each with the code that participant lists use (`unit_code`)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


def _only(upload: Any, *, allowed: frozenset[str], max_bytes: int, stem: str, what: Any) -> Any:
    """`clean_upload`, with a refused type named as this field expects it (`what`)."""
    try:
        return clean_upload(upload, allowed=allowed, max_bytes=max_bytes, stem=stem)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "type":
            raise ValidationError(what % {"name": upload.name or ""}, code="type") from exc
        raise


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
    targets = AgencyChoices(
        queryset=Agency.objects.none(),
        label=_("Target agencies"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick the units whose people take part. The code in brackets is what the "
            "participant list's unit_code column takes."
        ),
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
            self.targets_field.queryset = (
                Agency.objects.active().subtree_of(organiser).order_by("path")
            )
        else:
            cast(forms.ModelChoiceField, self.fields["organiser"]).queryset = Agency.objects.filter(
                pk__in=[a.pk for a in organisers]
            )
            if len(organisers) == 1:
                self.fields["organiser"].initial = organisers[0]
            query = Agency.objects.none()
            for agency in organisers:
                query = query | Agency.objects.active().subtree_of(agency)
            self.targets_field.queryset = query.distinct().order_by("path")
            self.fields["form_token"].initial = secrets.token_urlsafe(24)

    def clean_circular_file(self) -> Any:
        upload = self.cleaned_data.get("circular_file")
        if upload:
            self.circular = _only(
                upload,
                allowed=frozenset({PDF_TYPE}),
                max_bytes=10 * MB,
                stem="circular",
                what=_("“%(name)s” is not a PDF file."),
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
    """A campaign day's materials (one or more library items, in order) and caption. The page
    shows the items as a picker with previews (`cegah.library.picker`); any item the
    organiser may use is accepted, whatever the picker happened to show."""

    day = forms.TypedChoiceField(label=_("Day"), coerce=str)
    items = forms.ModelMultipleChoiceField(
        queryset=LibraryItem.objects.none(),
        label=_("Materials from the library"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one material for the day."),
            "invalid_choice": _("That material is not available to your agency any more."),
            "invalid_pk_value": _("That material is not available to your agency any more."),
        },
    )
    caption = forms.CharField(
        label=_("Caption"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text=_("Leave empty to use the first material's own caption."),
    )

    def __init__(
        self, *args: Any, campaign: Campaign, current: ScheduleDay | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["day"]).choices = [
            (d.isoformat(), day_label(d)) for d in campaign.days()
        ]
        on_the_day = current.ordered_items() if current is not None else []
        usable = usable_items(campaign.organiser)
        if on_the_day:
            usable = usable | LibraryItem.objects.filter(pk__in=[i.pk for i in on_the_day])
        cast(forms.ModelMultipleChoiceField, self.fields["items"]).queryset = usable.distinct()

    def clean_items(self) -> list[LibraryItem]:
        """The chosen items in the order they were sent (the picker's order)."""
        chosen = list(self.cleaned_data.get("items") or [])
        sent = [str(v) for v in cast(QueryDict, self.data).getlist(self.add_prefix("items"))]
        chosen.sort(key=lambda item: sent.index(str(item.pk)) if str(item.pk) in sent else 0)
        if len(chosen) > MAX_ITEMS_PER_DAY:
            raise forms.ValidationError(
                _("A day can carry at most %(count)s materials.") % {"count": MAX_ITEMS_PER_DAY}
            )
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = data.get("items") or []
        if items and not (data.get("caption") or "").strip():
            own = next((i.caption for i in items if i.caption.strip()), "")
            if not own:
                self.add_error("caption", _("These materials have no caption; write one."))
            else:
                data["caption"] = own
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list (CSV or XLSX)"),
        # The names `importing.ALIASES` reads; a test holds the two together.
        help_text=_(
            "Columns, in English or Indonesian: nip; name or nama; unit_code or kode_unit; "
            "phone or telepon; email or surel; and optionally group or kelompok (asn, pkk or "
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
            self.proof_clean = _only(
                upload,
                allowed=frozenset(IMAGE_TYPES),
                max_bytes=5 * MB,
                stem="proof",
                what=_("“%(name)s” is not a JPEG, PNG or WebP image."),
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
