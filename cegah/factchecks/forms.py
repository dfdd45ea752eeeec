"""Forms of the fact-check pages: the public submission and check, and the fact-checkers'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cegah.factchecks.models import MAX_TEXT, ClaimQuerySet, Status, Verdict
from cegah.lib.uploads import IMAGE_TYPES, CleanFile, clean_upload

IMAGE_ACCEPT = ",".join(sorted(IMAGE_TYPES))
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class ImageUploadField(forms.FileField):
    """One image, checked and re-encoded by `clean_upload()` (metadata removed)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> CleanFile | None:
        upload: UploadedFile | None = data or None
        if upload is None:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        try:
            return clean_upload(
                upload,
                allowed=frozenset(IMAGE_TYPES),
                max_bytes=MAX_IMAGE_BYTES,
                stem="image",
            )
        except ValidationError as exc:
            if exc.code == "type":
                raise ValidationError(
                    _("“%(name)s” is not an image (JPEG, PNG or WebP)."),
                    code="type",
                    params={"name": upload.name},
                ) from exc
            raise


def _textarea(rows: int = 6, maxlength: int = MAX_TEXT) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": maxlength})


class SubmitForm(forms.Form):
    """Anyone sends a suspicious message; no account. Works without JavaScript and keeps
    what was typed when something is refused."""

    text = forms.CharField(
        label=_("The message"),
        max_length=MAX_TEXT,
        required=False,
        widget=_textarea(8),
        help_text=_("Paste the message as you received it, for example from WhatsApp."),
    )
    link = forms.URLField(
        label=_("Link (optional)"),
        max_length=2000,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
        help_text=_("The address of the post, video or article, if there is one."),
    )
    image = ImageUploadField(
        label=_("Image (optional)"),
        help_text=_(
            "A screenshot or picture: JPEG, PNG or WebP, at most 5 MB. Location and camera "
            "data are removed."
        ),
    )
    contact_email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We email you the verdict once it is published. Only the fact-checkers see it."
        ),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)
    # A trap for robots: hidden from people, so it must stay empty.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise ValidationError(_("Your message could not be accepted."), code="honeypot")
        if (
            not (cleaned.get("text") or "").strip()
            and not cleaned.get("link")
            and not cleaned.get("image")
            and not {"text", "link", "image"} & set(self.errors)
        ):
            raise ValidationError(
                _("Paste the message, give a link or attach an image."), code="empty"
            )
        return cleaned


class CheckForm(forms.Form):
    """Paste a message or a link, or attach an image, and see the published verdicts that
    match. Text alone also comes by GET (`?q=`, for links); an image needs the POST form.
    The image is cleaned like a submitted one and never stored."""

    q = forms.CharField(
        label=_("Message or link to check"),
        max_length=MAX_TEXT,
        required=False,
        widget=_textarea(5),
    )
    image = ImageUploadField(
        label=_("Image (optional)"),
        help_text=_(
            "A screenshot or picture you received: JPEG, PNG or WebP, at most 5 MB. It is only "
            "compared, never kept."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not (cleaned.get("q") or "").strip()
            and not cleaned.get("image")
            and not {"q", "image"} & set(self.errors)
        ):
            raise ValidationError(_("Paste a message or a link, or attach an image."), code="empty")
        return cleaned


class ArchiveFilterForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", _("All")), *Verdict.choices],
    )


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the address (GET)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All open")),
            ("review", _("Awaiting a second review")),
            ("all", _("All")),
            *Status.choices,
        ],
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("most", _("Most submissions")),
        ],
    )

    def __init__(self, *args: Any, checkers: list[Any], user_pk: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(u.pk), u.full_name or u.email) for u in checkers if u.pk != user_pk],
        ]
        self.user_pk = user_pk

    def apply(self, qs: ClaimQuerySet) -> ClaimQuerySet:
        data: dict[str, Any] = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status") or ""
        if status == "":
            qs = qs.open()
        elif status == "review":
            qs = qs.awaiting_second_review()
        elif status != "all":
            qs = qs.filter(status=status)
        assignee = data.get("assignee") or ""
        if assignee == "me":
            qs = qs.filter(assignee_id=self.user_pk)
        elif assignee == "none":
            qs = qs.filter(assignee__isnull=True)
        elif assignee.isdigit():
            qs = qs.filter(assignee_id=int(assignee))
        text = (data.get("q") or "").strip()
        if text:
            qs = qs.filter(claim_text__icontains=text)
        qs = qs.with_counts()
        order = {
            "oldest": ("created_at", "id"),
            "most": ("-submission_count", "-created_at", "-id"),
        }.get(data.get("sort") or "", ("-created_at", "-id"))
        return qs.order_by(*order)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args: Any, checkers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Nobody")),
            *[(str(u.pk), u.full_name or u.email) for u in checkers],
        ]
        self.checkers = {str(u.pk): u for u in checkers}

    def clean_assignee(self) -> Any:
        value = self.cleaned_data["assignee"]
        return self.checkers.get(value) if value else None


class NoteForm(forms.Form):
    message = forms.CharField(
        label=_("Internal note (never public)"), max_length=MAX_TEXT, widget=_textarea(3)
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why? (internal)"), max_length=MAX_TEXT, required=False, widget=_textarea(2)
    )


class OutOfScopeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it out of scope?"),
        max_length=MAX_TEXT,
        widget=_textarea(3),
        help_text=_(
            "Written for the public: it is emailed as it is to everyone who left an address "
            "for this claim. No names and no internal details; use a note for those."
        ),
    )


class VerdictForm(forms.Form):
    claim_text = forms.CharField(
        label=_("The claim, in one or two sentences"),
        max_length=1000,
        widget=_textarea(3, 1000),
    )
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    headline = forms.CharField(label=_("Headline"), max_length=200)
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=20000,
        widget=_textarea(10, 20000),
        help_text=_("What is true and what is not, in plain words. Paragraphs are kept."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        max_length=5000,
        widget=_textarea(4),
        help_text=_("One a line: the title and the address of each source."),
    )
    variants = forms.CharField(
        label=_("Other wordings in circulation (optional)"),
        max_length=5000,
        required=False,
        widget=_textarea(3),
        help_text=_(
            "One a line, as people write them (abbreviations too): the message check finds "
            "the verdict for each."
        ),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What should be changed? (internal)"), max_length=MAX_TEXT, widget=_textarea(2)
    )


class ReviewPolicyForm(forms.Form):
    """An agency administrator's setting: a second fact-checker approves each verdict."""

    agency = forms.IntegerField(widget=forms.HiddenInput)
    required = forms.BooleanField(
        label=_(
            "A second fact-checker of the agency must approve each verdict before it is published"
        ),
        required=False,
    )
    reason = forms.CharField(
        label=_("Why the change? (kept in the history)"),
        max_length=2000,
        required=False,
        widget=_textarea(2, 2000),
    )
