"""Forms of the complaint pages: intake, tracking, the reporter's steps and staff actions."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Case, F, Q, When
from django.db.models.functions import Least, Substr
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cegah.agencies.models import Agency
from cegah.complaints.codes import normalize_code
from cegah.complaints.models import (
    AGENCY_STATUSES,
    INFORMATION_DAYS,
    MAX_ATTACHMENTS,
    VERIFIER_STATUSES,
    Category,
    CloseReason,
    Complaint,
    ComplaintQuerySet,
    KeptUpload,
    Status,
    StatusGroup,
    forward_targets,
    propose_agency,
    suggested_agencies,
    today_in,
    verifier_zone,
)
from cegah.lib.altcha import ProofOfWorkField
from cegah.lib.phone import normalize_phone
from cegah.lib.uploads import EVIDENCE_TYPES, CleanFile, clean_upload
from cegah.regions.forms import LEVEL_FIELDS, RegionCascadeMixin
from cegah.regions.models import Level, Region

ACCEPT = ",".join(sorted(EVIDENCE_TYPES))
FORM_TOKEN_MIN = 16
FORM_TOKEN_MAX = 64
MIN_DESCRIPTION = 20
MAX_TEXT = 5000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


def _uploaded(data: Any) -> list[UploadedFile]:
    return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


def check_uploads(files: Sequence[UploadedFile]) -> tuple[list[CleanFile], list[ValidationError]]:
    """Each file cleaned by `clean_upload()`: those accepted, and a refusal for each other."""
    cleaned: list[CleanFile] = []
    errors: list[ValidationError] = []
    for upload in files:
        try:
            cleaned.append(clean_upload(upload, stem="evidence"))
        except ValidationError as exc:
            errors.append(exc)
    return cleaned, errors


def _too_many(kept: int) -> ValidationError:
    if not kept:
        return ValidationError(
            _("Attach at most %(count)s files."),
            code="too_many",
            params={"count": MAX_ATTACHMENTS},
        )
    return ValidationError(
        ngettext(
            "Attach at most %(count)s files in all: %(kept)s file is attached already.",
            "Attach at most %(count)s files in all: %(kept)s files are attached already.",
            kept,
        ),
        code="too_many",
        params={"count": MAX_ATTACHMENTS, "kept": kept},
    )


class EvidenceField(forms.FileField):
    """Up to five files, each cleaned by `clean_upload()`; every refusal is listed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        files = _uploaded(data)
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_ATTACHMENTS:
            raise _too_many(0)
        cleaned, errors = check_uploads(files)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ChosenFilesField(forms.FileField):
    """The files chosen in this request, as uploaded: the intake form checks them itself
    (`ComplaintForm.uploads`), so that those accepted are kept even when others are not."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        return _uploaded(data)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": MAX_TEXT})


class ComplaintForm(RegionCascadeMixin):
    """The public intake form; works without JavaScript (the region selects refresh with a
    submit button) and keeps everything typed when something is refused."""

    region_max_level = Level.DISTRICT
    region_required_level = Level.REGENCY

    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.active(),
        empty_label=_("— choose —"),
    )
    place = forms.CharField(
        label=_("Place or unit concerned"),
        max_length=200,
        required=False,
        help_text=_("For example the school, health centre, village office or port."),
    )
    incident_date = forms.DateField(
        label=_("Date of the incident"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty if you do not know the exact date."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        min_length=MIN_DESCRIPTION,
        max_length=MAX_TEXT,
        widget=_textarea(8),
        help_text=_(
            "Who asked for what, how much, when and where. Do not write your own name here "
            "if you want to stay anonymous."
        ),
    )
    evidence = ChosenFilesField(
        label=_("Evidence (optional)"),
        help_text=_(
            "Up to 5 files: photos (JPEG, PNG, WebP) or PDF, at most 10 MB each. Location and "
            "camera data are removed from photos."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_("Nobody, not even KPK, will know who you are. Keep your tracking code safe."),
    )
    reporter_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    reporter_email = forms.EmailField(
        label=_("Your email"),
        required=False,
        help_text=_("We send your tracking code and news about your complaint here."),
    )
    reporter_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Never list this complaint publicly, not even without personal data."),
    )
    consent_to_share_identity = forms.BooleanField(
        label=_("The agency may see my name and contact details"),
        required=False,
        help_text=_("Without this, only KPK's verifiers see who you are."),
    )
    # "I was asked for more" (from the fee check or an office's poster): codes and the
    # official fee travel hidden; the amount asked is the person's to correct.
    service_code = forms.SlugField(max_length=80, required=False, widget=forms.HiddenInput)
    office_code = forms.RegexField(
        regex=r"^[-A-Za-z0-9_.]*$", max_length=40, required=False, widget=forms.HiddenInput
    )
    official_fee_idr = forms.IntegerField(
        min_value=0, max_value=10**12, required=False, widget=forms.HiddenInput
    )
    asked_fee_idr = forms.IntegerField(
        label=_("Amount you were asked to pay (rupiah, optional)"),
        min_value=0,
        max_value=10**12,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    form_token = forms.CharField(
        widget=forms.HiddenInput, max_length=FORM_TOKEN_MAX, min_length=FORM_TOKEN_MIN
    )
    # Proof of work, made by the browser when it runs JavaScript (see cegah.lib.altcha).
    altcha = ProofOfWorkField()
    # A trap for robots: hidden from people, so it must stay empty.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = [
        "category",
        "province",
        "regency",
        "district",
        "place",
        "incident_date",
        "asked_fee_idr",
        "description",
        "evidence",
        "anonymous",
        "reporter_name",
        "reporter_email",
        "reporter_phone",
        "confidential",
        "consent_to_share_identity",
    ]

    # Never carried into a form shown again: the files (kept apart, see `kept`), a proof of
    # work that is single-use, and the robot trap.
    NOT_CARRIED = frozenset({"evidence", "altcha", "website", *LEVEL_FIELDS})

    def __init__(self, *args: Any, kept: Sequence[KeptUpload] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The files kept with this form from its earlier rounds (`actions.keep_uploads`).
        self.kept: list[KeptUpload] = list(kept)
        self._kept_before = len(self.kept)

    @staticmethod
    def key_of(data: Any) -> str | None:
        """The key of the one-time token in the submitted `data` (the complaint's idempotency
        key, and where the form's files are kept); None when it is missing or malformed."""
        token = str(data.get("form_token") or "").strip()
        if not FORM_TOKEN_MIN <= len(token) <= FORM_TOKEN_MAX:
            return None
        return "form:" + hashlib.sha256(token.encode()).hexdigest()

    @property
    def form_key(self) -> str | None:
        """This form's key (`key_of`), None when it is not bound."""
        return self.key_of(self.data) if self.is_bound else None

    @functools.cached_property
    def uploads(self) -> tuple[list[CleanFile], list[ValidationError]]:
        """The files chosen in this request: those accepted, to keep with the form whatever
        else is wrong with it, and a refusal for each other one."""
        if not self.is_bound:
            return [], []
        files = _uploaded(self.files.getlist(self.add_prefix("evidence")))
        if len(files) > MAX_ATTACHMENTS - self._kept_before:
            return [], [_too_many(self._kept_before)]
        return check_uploads(files)

    def refuse_uploads(self, message: str) -> None:
        """Keep none of this request's files, and say why next to the field."""
        self.uploads = ([], [ValidationError(message)])

    @property
    def room(self) -> int:
        """How many more files the complaint can carry."""
        return max(MAX_ATTACHMENTS - len(self.kept), 0)

    def clean_evidence(self) -> list[CleanFile]:
        accepted, errors = self.uploads
        if errors:
            raise ValidationError(errors)
        return accepted

    @classmethod
    def shown_again(cls, form: ComplaintForm, *, focus: str) -> ComplaintForm:
        """The form as it was typed, shown again after a step that is not a submission (the
        region button of a browser without JavaScript, removing a kept file). Nothing is
        checked, so no error appears on fields the person has not reached yet. The browser
        focuses `focus`: "region" is the next region level to choose (or the deepest one
        chosen), any other name that field."""
        initial = {name: form[name].value() for name in form.fields if name not in cls.NOT_CARRIED}
        # The deepest level whose choice is still offered under the one above (a province
        # changed since makes the regency chosen before stale, so it is dropped).
        deepest = ""
        for name in LEVEL_FIELDS:
            field = form.fields.get(name)
            value = str(form[name].value() or "") if field is not None else ""
            if not value or not isinstance(field, forms.ChoiceField):
                break
            if not field.valid_value(value):
                break
            deepest = value
        region = Region.objects.filter(code=deepest).first() if deepest else None
        again = cls(initial=initial, initial_region=region, kept=form.kept)
        again.focus(focus)
        return again

    def focus(self, name: str) -> None:
        """Have the browser focus a field when the page loads (works without JavaScript)."""
        if name == "region":
            levels = [n for n in LEVEL_FIELDS if n in self.fields]
            chosen = [n for n in levels if self[n].value()]
            offered = [
                n
                for n in levels
                if not self[n].value() and len(getattr(self.fields[n], "choices", ())) > 1
            ]
            targets = offered[:1] or chosen[-1:] or levels[:1]
            name = targets[0]
        if name in self.fields:
            self.fields[name].widget.attrs["autofocus"] = True

    def clean_reporter_phone(self) -> str:
        value: str = self.cleaned_data["reporter_phone"].strip()
        return normalize_phone(value) if value else ""

    def clean_incident_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data["incident_date"]
        if value and value > today_in(verifier_zone()):
            raise ValidationError(_("The date of the incident cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("Your complaint could not be accepted."), code="honeypot")
        if cleaned.get("anonymous"):
            for name in ("reporter_name", "reporter_email", "reporter_phone"):
                cleaned[name] = ""
            cleaned["consent_to_share_identity"] = False
        else:
            if not cleaned.get("reporter_name") and "reporter_name" not in self.errors:
                self.add_error(
                    "reporter_name",
                    _("Write your name, or choose to report anonymously."),
                )
            if (
                not cleaned.get("reporter_email")
                and not cleaned.get("reporter_phone")
                and "reporter_email" not in self.errors
                and "reporter_phone" not in self.errors
            ):
                self.add_error(
                    "reporter_email",
                    _("Give an email address or a phone number, or report anonymously."),
                )
        return cleaned


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("16 letters and digits, such as K7QM-2XRA-9FTB-H4WD."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(_("This is not a tracking code. Check it and try again."))
        return code


class EmailCodeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))


class ReporterUpdateForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer or more information"),
        max_length=MAX_TEXT,
        required=False,
        widget=_textarea(),
    )
    evidence = EvidenceField(
        label=_("More evidence (optional)"),
        help_text=_("Up to 5 files: JPEG, PNG, WebP or PDF, at most 10 MB each."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("message") and not cleaned.get("evidence") and not self.errors:
            raise ValidationError(_("Write a message or attach a file."))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still wrong?"), max_length=MAX_TEXT, widget=_textarea(3)
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the outcome?"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not at all, 5 = completely."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=MAX_TEXT, required=False, widget=_textarea(3)
    )


# Staff forms. Each takes the complaint, so choices can depend on it.


class StaffForm(forms.Form):
    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.complaint = complaint


class OptionalMessageForm(StaffForm):
    message = forms.CharField(
        label=_("Message to the reporter (optional)"),
        max_length=MAX_TEXT,
        required=False,
        widget=_textarea(3),
    )


class QuestionForm(StaffForm):
    question = forms.CharField(
        label=_("What should the reporter add?"), max_length=MAX_TEXT, widget=_textarea(3)
    )
    days = forms.IntegerField(
        label=_("Working days to answer"), min_value=1, max_value=30, initial=INFORMATION_DAYS
    )


class CloseForm(StaffForm):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (CloseReason.DUPLICATE.value, CloseReason.DUPLICATE.label),
            (CloseReason.SPAM.value, CloseReason.SPAM.label),
            (CloseReason.CANNOT_BE_VERIFIED.value, CloseReason.CANNOT_BE_VERIFIED.label),
        ],
    )
    message = forms.CharField(
        label=_("Message to the reporter (optional)"),
        max_length=MAX_TEXT,
        required=False,
        widget=_textarea(3),
    )


# The forward form's list stays short on a slow phone: the suggested agencies, or the
# matches of a search, never the thousands of agencies of the national deployment.
MAX_SUGGESTED_AGENCIES = 150
MAX_AGENCY_MATCHES = 50


class ForwardForm(StaffForm):
    """Forward to any active agency outside KPK. Only the options shown are narrowed (to the
    agencies suggested for the complaint, or to those matching "Find an agency"); what is
    accepted is checked against every agency, so nothing valid is ever refused."""

    agency_search = forms.CharField(
        label=_("Find an agency"),
        max_length=100,
        required=False,
        help_text=_(
            "Part of the name or the code, then press “Find”. The list below then shows at "
            "most 50 agencies that match."
        ),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency responsible"),
        queryset=forward_targets().order_by("name"),
        empty_label=_("— choose —"),
    )
    message = forms.CharField(
        label=_("Message to the reporter (optional)"),
        max_length=MAX_TEXT,
        required=False,
        widget=_textarea(3),
    )

    field_order = ["agency_search", "agency", "message"]

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        if not self.is_bound and "agency" not in self.initial and self.proposed is not None:
            self.initial["agency"] = self.proposed.pk
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        # Evaluated when the page is drawn, so a valid POST costs no query for the list.
        field.widget.choices = lambda: self.agency_choices

    @classmethod
    def for_search(cls, data: Any, *, complaint: Complaint, **kwargs: Any) -> ForwardForm:
        """The form shown again after "Find": what was typed is kept, nothing is validated
        and no agency is chosen yet (the verifier picks one among the matches)."""
        initial = {
            "agency_search": str(data.get("agency_search", ""))[:100],
            "message": str(data.get("message", ""))[:MAX_TEXT],
            "agency": None,
        }
        form = cls(complaint=complaint, initial=initial, **kwargs)
        if form.matches is not None and len(form.matches) == 1:
            # One match is the agency searched for: chosen, so "Confirm" is the next step.
            form.initial["agency"] = form.matches[0].pk
        return form

    @functools.cached_property
    def proposed(self) -> Agency | None:
        return propose_agency(self.complaint.category, self.complaint.region)

    @functools.cached_property
    def search_text(self) -> str:
        value = self["agency_search"].value()
        return str(value or "").strip()[:100]

    @functools.cached_property
    def matches(self) -> list[Agency] | None:
        """The agencies matching the search, at most one more than shown (to tell that the
        list was cut); None without a search."""
        text = self.search_text
        if not text:
            return None
        return list(
            forward_targets()
            .filter(
                Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__icontains=text)
            )
            .order_by("name", "pk")[: MAX_AGENCY_MATCHES + 1]
        )

    @property
    def search_note(self) -> str:
        """What the list shows after a search, read out with the list."""
        if self.matches is None:
            return ""
        if not self.matches:
            return gettext(
                "No agency matches “%(text)s”. The list shows the agencies suggested for this "
                "complaint."
            ) % {"text": self.search_text}
        if len(self.matches) > MAX_AGENCY_MATCHES:
            return gettext(
                "More than %(count)s agencies match “%(text)s”; the list shows the first "
                "%(count)s. Type more of the name to narrow it."
            ) % {"count": MAX_AGENCY_MATCHES, "text": self.search_text}
        if len(self.matches) == 1:
            return gettext(
                "One agency matches “%(text)s”: %(name)s. It is chosen in the list below."
            ) % {"text": self.search_text, "name": self.matches[0].name}
        return ngettext(
            "%(count)s agency matches “%(text)s”.",
            "%(count)s agencies match “%(text)s”.",
            len(self.matches),
        ) % {"count": len(self.matches), "text": self.search_text}

    def _chosen(self) -> Agency | None:
        """The agency currently chosen (proposed, or sent back with a refused form), if it is
        still one that may be chosen."""
        value = self["agency"].value()
        try:
            pk = int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None
        if pk is None:
            return None
        if self.proposed is not None and self.proposed.pk == pk:
            return self.proposed
        return forward_targets().filter(pk=pk).first()

    @functools.cached_property
    def agency_choices(self) -> list[tuple[Any, str]]:
        """The options drawn in the list: a constant number of queries whatever the size of
        the agency table."""
        shown = (self.matches or [])[:MAX_AGENCY_MATCHES] or list(
            suggested_agencies(self.complaint.region, self.proposed)[:MAX_SUGGESTED_AGENCIES]
        )
        chosen = self._chosen()
        if chosen is not None and all(a.pk != chosen.pk for a in shown):
            shown = [chosen, *shown]
        return [("", gettext("— choose —")), *((a.pk, a.name) for a in shown)]


class AssignUnitForm(StaffForm):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Agency.objects.none(), empty_label=_("— choose —")
    )
    message = forms.CharField(
        label=_("Message to the reporter (optional)"),
        max_length=MAX_TEXT,
        required=False,
        widget=_textarea(3),
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        agency = complaint.agency
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Agency.objects.active().subtree_of(agency).exclude(pk=agency.pk).order_by("path")
            if agency
            else Agency.objects.none()
        )


class ResolveForm(StaffForm):
    reply = forms.CharField(
        label=_("What was done (sent to the reporter)"), max_length=MAX_TEXT, widget=_textarea()
    )


class RejectAuthorityForm(StaffForm):
    reason = forms.CharField(
        label=_("Why is this not your agency's authority? (for the verifiers)"),
        max_length=MAX_TEXT,
        widget=_textarea(3),
    )


class ReplyForm(StaffForm):
    message = forms.CharField(
        label=_("Reply to the reporter"), max_length=MAX_TEXT, widget=_textarea()
    )
    evidence = EvidenceField(
        label=_("Files for the reporter (optional)"),
        help_text=_("Up to 5 files: JPEG, PNG, WebP or PDF, at most 10 MB each."),
    )


class NoteForm(StaffForm):
    message = forms.CharField(
        label=_("Internal note (never shown to the reporter)"),
        max_length=MAX_TEXT,
        widget=_textarea(3),
    )


SORTS: dict[str, tuple[Any, ...]] = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "deadline": (F("deadline").asc(nulls_last=True), "created_at"),
}


class FindByCodeForm(forms.Form):
    """A tracking code a reporter reads out to staff (on the phone, at a desk). Sent by POST
    so the code, the reporter's key to their page, never enters an address or a log."""

    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("The code the reporter gives you, such as K7QM-2XRA-9FTB-H4WD."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(_("This is not a tracking code. Check it and try again."))
        return code


# How much of a complaint's description an inbox row shows (one line on a phone).
EXCERPT_LENGTH = 120


class InboxFilterForm(RegionCascadeMixin):
    """The inbox's filters, read from the address (GET), so a filtered list can be shared."""

    region_max_level = Level.DISTRICT

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Words from the description or the place, or a number such as #123."),
        # A phone's keyboard shows "Search", which sends the form, instead of "Next".
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    received_from = forms.DateField(
        label=_("Received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_to = forms.DateField(
        label=_("Received until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("deadline", _("Nearest deadline")),
        ],
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [
            ("", _("All")),
            (StatusGroup.OPEN.value, _("All open")),
            (StatusGroup.CLOSED.value, _("All closed")),
            *Status.choices,
        ]
        if units is None:
            del self.fields["unit"]
        else:
            unit = self.fields["unit"]
            assert isinstance(unit, forms.ModelChoiceField)
            unit.queryset = units

    def apply(self, qs: ComplaintQuerySet) -> ComplaintQuerySet:
        """The complaints matching the filters, in the chosen order."""
        data: dict[str, Any] = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status")
        if status == StatusGroup.OPEN:
            qs = qs.open()
        elif status == StatusGroup.CLOSED:
            qs = qs.closed()
        elif status:
            qs = qs.filter(status=status)
        if data.get("overdue"):
            qs = qs.overdue()
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        region = data.get("region")
        if region is not None:
            qs = qs.filter(Q(region_id=region.code) | Q(region__code__startswith=region.code + "."))
        if data.get("unit"):
            qs = qs.filter(Q(unit=data["unit"]) | Q(agency=data["unit"]))
        if data.get("received_from"):
            qs = qs.filter(created_at__date__gte=data["received_from"])
        if data.get("received_to"):
            qs = qs.filter(created_at__date__lte=data["received_to"])
        text = (data.get("q") or "").strip()
        if text:
            conditions = [Q(description__icontains=text), Q(place__icontains=text)]
            number = text.lstrip("#")
            if number.isdigit():
                conditions.append(Q(pk=int(number)))
            qs = qs.filter(functools.reduce(operator.or_, conditions))
        # The list shows a line of each description: read that much, not all of it.
        qs = qs.defer("description").annotate(
            excerpt=Substr("description", 1, EXCERPT_LENGTH),
            deadline=Case(
                When(status=Status.NEEDS_INFO, then=F("information_by")),
                When(status__in=VERIFIER_STATUSES, then=F("verify_by")),
                When(
                    status=Status.FORWARDED,
                    first_response_at__isnull=True,
                    then=Least("first_response_by", "resolve_by"),
                ),
                When(status__in=AGENCY_STATUSES, then=F("resolve_by")),
                default=None,
            ),
        )
        return qs.order_by(*SORTS.get(data.get("sort") or "newest", SORTS["newest"]))


class PublicFilterForm(RegionCascadeMixin):
    """The public list's filters (GET): region down to the regency or city, agency, category
    and whether the complaint is still open."""

    region_max_level = Level.REGENCY

    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            (StatusGroup.OPEN.value, _("All open")),
            (StatusGroup.CLOSED.value, _("All closed")),
        ],
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies

    def apply(self, qs: ComplaintQuerySet) -> ComplaintQuerySet:
        """The complaints matching the filters, newest first."""
        data: dict[str, Any] = self.cleaned_data if self.is_bound and self.is_valid() else {}
        region = data.get("region")
        if region is not None:
            qs = qs.filter(Q(region_id=region.code) | Q(region__code__startswith=region.code + "."))
        if data.get("agency"):
            qs = qs.filter(agency=data["agency"])
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        if data.get("status") == StatusGroup.OPEN:
            qs = qs.open()
        elif data.get("status") == StatusGroup.CLOSED:
            qs = qs.closed()
        return qs.order_by("-created_at", "-id")
