"""Everything that changes a complaint. Views, the API and the periodic jobs all call these.

Each action locks the complaint, checks the actor's role (PermissionDenied) and the state
(`InvalidTransition`), writes the change and its `ComplaintEvent` in one transaction, and
queues the emails it causes in that same transaction.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import nh3
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cegah.complaints import access, notify
from cegah.complaints.codes import new_code
from cegah.complaints.models import (
    FIRST_RESPONSE_DAYS,
    INFORMATION_DAYS,
    MAX_ATTACHMENTS,
    VERIFICATION_DAYS,
    Attachment,
    AttachmentSource,
    BreachKind,
    Category,
    CloseReason,
    Complaint,
    ComplaintError,
    ComplaintEvent,
    EscalationNotice,
    EventKind,
    KeptUpload,
    Status,
    response_working_days,
    today_in,
    verifier_zone,
)
from cegah.lib.workdays import add_working_days

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User
    from cegah.agencies.models import Agency
    from cegah.lib.uploads import CleanFile
    from cegah.regions.models import Region

logger = logging.getLogger(__name__)


def clean_text(text: str) -> str:
    """Plain text from whatever was typed or pasted: HTML tags (and script/style content)
    removed, entities turned back into characters; pages escape it when they show it."""
    return html.unescape(nh3.clean(text, tags=set())).strip()


def _user(actor: User | AnonymousUser | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _lock(complaint: Complaint) -> Complaint:
    """Re-read the complaint under a row lock, so two people acting at once act in turn."""
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("category", "agency", "unit")
        .get(pk=complaint.pk)
    )
    complaint.__dict__.update(
        {f.attname: getattr(locked, f.attname) for f in Complaint._meta.concrete_fields}
    )
    for name in ("category", "agency", "unit"):
        Complaint._meta.get_field(name).set_cached_value(complaint, getattr(locked, name))  # type: ignore[union-attr]
    return complaint


def _authorise(actor: User | AnonymousUser | None, complaint: Complaint, action: str) -> None:
    if actor is None or not access.may(actor, complaint, action):
        raise PermissionDenied
    complaint.require(action)


def _record(
    complaint: Complaint,
    kind: EventKind,
    *,
    actor: User | AnonymousUser | None,
    from_status: str = "",
    message: str = "",
    internal: bool = False,
    agency: Agency | None = None,
    rating: int | None = None,
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        actor=_user(actor),
        from_status=from_status,
        to_status=complaint.status if from_status else "",
        message=message,
        internal=internal,
        agency=agency,
        rating=rating,
    )


def _move(
    complaint: Complaint,
    status: Status,
    kind: EventKind,
    *,
    actor: User | AnonymousUser | None,
    message: str = "",
    internal: bool = False,
    event_agency: Agency | None = None,
    **fields: Any,
) -> ComplaintEvent:
    """Change the status (and `fields`), save, and write the event for it."""
    previous = complaint.status
    complaint.status = status
    for name, value in fields.items():
        setattr(complaint, name, value)
    complaint.save()
    return _record(
        complaint,
        kind,
        actor=actor,
        from_status=previous,
        message=message,
        internal=internal,
        agency=event_agency,
    )


def _store_files(
    complaint: Complaint,
    files: Sequence[CleanFile],
    *,
    event: ComplaintEvent,
    source: AttachmentSource,
    uploaded_by: User | None,
) -> list[Attachment]:
    if len(files) > MAX_ATTACHMENTS:
        raise ComplaintError(
            _("Attach at most %(count)s files at a time.") % {"count": MAX_ATTACHMENTS}
        )
    stored = []
    for clean in files:
        attachment = Attachment(
            complaint=complaint,
            event=event,
            content_type=clean.content_type,
            original_name=clean.original_name or clean.name,
            size=clean.size,
            source=source,
            uploaded_by=uploaded_by,
            internal=event.internal,
        )
        attachment.file.save(clean.name, ContentFile(clean.data), save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def keep_uploads(*, form_key: str, files: Sequence[CleanFile]) -> list[KeptUpload]:
    """Keep evidence accepted with an intake form that is not sent yet (it came back with a
    mistake to fix, or the region button reloaded it), stored privately against the form's
    key, at most `MAX_ATTACHMENTS` per form. Sending the form attaches them; otherwise the
    periodic job removes them after a day."""
    with transaction.atomic():
        room = MAX_ATTACHMENTS - KeptUpload.objects.for_form(form_key).count()
        if len(files) > room:
            raise ComplaintError(_("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS})
        kept = []
        for clean in files:
            upload = KeptUpload(
                form_key=form_key,
                content_type=clean.content_type,
                original_name=clean.original_name or clean.name,
                size=clean.size,
            )
            upload.file.save(clean.name, ContentFile(clean.data), save=False)
            upload.save()
            kept.append(upload)
    return kept


def _delete_kept(uploads: Iterable[KeptUpload]) -> int:
    """Delete kept files, their rows now and their stored files once that is committed."""
    found = list(uploads)
    if not found:
        return 0
    files = [(upload.file.storage, str(upload.file.name)) for upload in found]
    KeptUpload.objects.filter(pk__in=[upload.pk for upload in found]).delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return len(found)


def discard_kept_upload(*, form_key: str, upload_id: int) -> bool:
    """The person removes one file kept with their unsent form (the "Remove" button);
    False when the form has no such file."""
    with transaction.atomic():
        return bool(_delete_kept(KeptUpload.objects.for_form(form_key).filter(pk=upload_id)))


def delete_expired_uploads() -> int:
    """Remove the files kept with intake forms that were never sent within a day (the
    periodic job). Returns how many were removed."""
    removed = 0
    while True:
        with transaction.atomic():
            batch = list(KeptUpload.objects.expired().order_by("pk")[:500])
            if not batch:
                break
            removed += _delete_kept(batch)
    if removed:
        logger.info("Removed %s evidence file(s) kept with forms never sent.", removed)
    return removed


def _attach_kept(complaint: Complaint, form_key: str, *, event: ComplaintEvent) -> None:
    """The files kept with the form become the complaint's attachments (the same stored
    files: nothing is copied)."""
    kept = list(KeptUpload.objects.for_form(form_key).select_for_update())
    for upload in kept:
        Attachment.objects.create(
            complaint=complaint,
            event=event,
            file=upload.file.name,
            content_type=upload.content_type,
            original_name=upload.original_name,
            size=upload.size,
            source=AttachmentSource.REPORTER,
            uploaded_by=None,
            internal=False,
        )
    KeptUpload.objects.filter(pk__in=[upload.pk for upload in kept]).delete()


def _verification_due() -> dt.date:
    return add_working_days(today_in(verifier_zone()), VERIFICATION_DAYS)


def submit_complaint(
    *,
    actor: User | AnonymousUser | None,
    category: Category,
    region: Region,
    description: str,
    place: str = "",
    incident_date: dt.date | None = None,
    anonymous: bool = False,
    confidential: bool = False,
    consent_to_share_identity: bool = False,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    service_code: str = "",
    office_code: str = "",
    official_fee_idr: int | None = None,
    asked_fee_idr: int | None = None,
    files: Sequence[CleanFile] = (),
    upload_key: str | None = None,
    idempotency_key: str | None = None,
    language: str = "id",
) -> tuple[Complaint, bool]:
    """Receive a complaint; returns it and whether it is new.

    A repeated `idempotency_key` (a form submitted twice, an API call retried) returns the
    complaint the first submission created: the key's unique index refuses the repeat's
    insert (nothing of it is kept), which saves a look-up on every first submission. An
    anonymous complaint keeps no identity: no name, email, phone or account, whoever is
    signed in. `upload_key` names the files kept with the intake form (`keep_uploads`):
    they become the complaint's attachments with `files`. `service_code`, `office_code` and
    the two fees record an "I was asked for more" complaint (`fee_context`).
    """
    user = _user(actor)
    if anonymous:
        reporter_name = reporter_email = reporter_phone = ""
        consent_to_share_identity = False
        user = None
    try:
        with transaction.atomic():
            complaint = Complaint.objects.create(
                tracking_code=new_code(),
                category=category,
                region=region,
                place=clean_text(place)[:200],
                incident_date=incident_date,
                description=clean_text(description),
                service_code=service_code[:80],
                office_code=office_code[:40],
                official_fee_idr=official_fee_idr,
                asked_fee_idr=asked_fee_idr,
                anonymous=anonymous,
                confidential=confidential,
                consent_to_share_identity=consent_to_share_identity,
                reporter_name=clean_text(reporter_name)[:150],
                reporter_email=reporter_email.strip().lower(),
                reporter_phone=reporter_phone,
                reporter=user,
                language=language,
                verify_by=_verification_due(),
                idempotency_key=idempotency_key or None,
            )
            event = _record(complaint, EventKind.SUBMITTED, actor=None)
            _store_files(
                complaint, files, event=event, source=AttachmentSource.REPORTER, uploaded_by=None
            )
            if upload_key:
                _attach_kept(complaint, upload_key, event=event)
            if complaint.reporter_email:
                notify.send_tracking_code(complaint, complaint.reporter_email, language)
    except IntegrityError:
        if idempotency_key:
            existing = Complaint.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                if upload_key:
                    # A repeat of a form already sent: what it brought again is not needed.
                    _delete_kept(KeptUpload.objects.filter(form_key=upload_key))
                return existing, False
        raise
    return complaint, True


def email_tracking_code(*, complaint: Complaint, email: str, language: str) -> None:
    """Send the receipt to an address the reporter types on the receipt page; the address
    is used for this one email and not stored with the complaint."""
    with transaction.atomic():
        notify.send_tracking_code(complaint, email, language)


@transaction.atomic
def verify_complaint(*, actor: User, complaint: Complaint, message: str = "") -> ComplaintEvent:
    """A verifier confirms the complaint is complete and plausible; forwarding comes next."""
    _lock(complaint)
    _authorise(actor, complaint, "verify")
    event = _move(
        complaint,
        Status.VERIFIED,
        EventKind.VERIFIED,
        actor=actor,
        message=clean_text(message),
        information_by=None,
    )
    notify.notify_reporter(complaint, event)
    return event


@transaction.atomic
def return_for_information(
    *, actor: User, complaint: Complaint, question: str, days: int = INFORMATION_DAYS
) -> ComplaintEvent:
    """Ask the reporter for more; they have `days` working days, after which the periodic
    job closes the complaint."""
    _lock(complaint)
    _authorise(actor, complaint, "return_for_information")
    question = clean_text(question)
    if not question:
        raise ComplaintError(_("Write the question for the reporter."))
    event = _move(
        complaint,
        Status.NEEDS_INFO,
        EventKind.INFO_REQUESTED,
        actor=actor,
        message=question,
        information_by=add_working_days(today_in(verifier_zone()), days),
    )
    notify.notify_reporter(complaint, event)
    return event


@transaction.atomic
def close_complaint(
    *, actor: User, complaint: Complaint, reason: CloseReason, message: str = ""
) -> ComplaintEvent:
    """A verifier closes a complaint that will not be forwarded (duplicate, spam, cannot be
    verified)."""
    _lock(complaint)
    _authorise(actor, complaint, "close")
    event = _move(
        complaint,
        Status.CLOSED,
        EventKind.CLOSED,
        actor=actor,
        message=clean_text(message),
        close_reason=reason,
        information_by=None,
    )
    notify.notify_reporter(complaint, event)
    return event


@transaction.atomic
def forward_complaint(
    *, actor: User, complaint: Complaint, agency: Agency, message: str = ""
) -> ComplaintEvent:
    """Send a verified complaint to the agency responsible (the routing rules propose one;
    the verifier decides). The agency's first response is due in 7 working days and the
    resolution by the category's class, counted in the agency's time zone."""
    _lock(complaint)
    _authorise(actor, complaint, "forward")
    if not agency.is_active:
        raise ComplaintError(_("This agency is no longer active."))
    today = today_in(agency.timezone)
    event = _move(
        complaint,
        Status.FORWARDED,
        EventKind.FORWARDED,
        actor=actor,
        message=clean_text(message),
        event_agency=agency,
        agency=agency,
        unit=None,
        forwarded_at=timezone.now(),
        first_response_at=None,
        first_response_days=None,
        first_response_by=add_working_days(today, FIRST_RESPONSE_DAYS),
        resolve_by=add_working_days(today, complaint.category.resolution_days),
    )
    notify.notify_reporter(complaint, event)
    notify.notify_staff(access.handler_recipients(agency), complaint, "new")
    return event


@transaction.atomic
def assign_unit(
    *, actor: User, complaint: Complaint, unit: Agency, message: str = ""
) -> ComplaintEvent:
    """The agency's coordinator hands the complaint to one of the agency's units."""
    _lock(complaint)
    _authorise(actor, complaint, "assign_unit")
    agency = complaint.agency
    if agency is None or unit.pk == agency.pk or not unit.path.startswith(agency.path):
        raise ComplaintError(_("Choose a unit of the agency the complaint was forwarded to."))
    complaint.unit = unit
    complaint.save()
    event = _record(
        complaint, EventKind.UNIT_ASSIGNED, actor=actor, message=clean_text(message), agency=unit
    )
    notify.notify_reporter(complaint, event)
    notify.notify_staff(access.handler_recipients(unit), complaint, "new")
    return event


def _first_response(complaint: Complaint) -> dict[str, Any]:
    """The fields that record the agency's first response, now, unless it was given before."""
    if complaint.first_response_at is not None:
        return {}
    now = timezone.now()
    days = (
        response_working_days(complaint.forwarded_at, now, complaint.agency_zone())
        if complaint.forwarded_at
        else None
    )
    return {"first_response_at": now, "first_response_days": days}


@transaction.atomic
def start_progress(*, actor: User, complaint: Complaint, message: str = "") -> ComplaintEvent:
    """The agency starts handling the complaint; this is its first response."""
    _lock(complaint)
    _authorise(actor, complaint, "start_progress")
    event = _move(
        complaint,
        Status.IN_PROGRESS,
        EventKind.STARTED,
        actor=actor,
        message=clean_text(message),
        **_first_response(complaint),
    )
    notify.notify_reporter(complaint, event)
    return event


@transaction.atomic
def resolve_complaint(*, actor: User, complaint: Complaint, reply: str) -> ComplaintEvent:
    """The agency resolves the complaint, telling the reporter what was done."""
    _lock(complaint)
    _authorise(actor, complaint, "resolve")
    reply = clean_text(reply)
    if not reply:
        raise ComplaintError(_("Tell the reporter what was done."))
    event = _move(
        complaint,
        Status.RESOLVED,
        EventKind.RESOLVED,
        actor=actor,
        message=reply,
        resolved_at=timezone.now(),
        **_first_response(complaint),
    )
    notify.notify_reporter(complaint, event)
    return event


@transaction.atomic
def reject_authority(*, actor: User, complaint: Complaint, reason: str) -> ComplaintEvent:
    """ "Not our authority": the agency sends the complaint back to the verifiers with its
    reason (staff only); the verifiers have 3 working days to forward it again."""
    _lock(complaint)
    _authorise(actor, complaint, "reject_authority")
    reason = clean_text(reason)
    if not reason:
        raise ComplaintError(_("Explain why this is not your agency's authority."))
    former = complaint.agency
    event = _move(
        complaint,
        Status.RETURNED_BY_AGENCY,
        EventKind.AUTHORITY_REJECTED,
        actor=actor,
        message=reason,
        internal=True,
        event_agency=former,
        agency=None,
        unit=None,
        forwarded_at=None,
        first_response_by=None,
        first_response_at=None,
        first_response_days=None,
        resolve_by=None,
        verify_by=_verification_due(),
    )
    notify.notify_staff(access.verifier_recipients(), complaint, "returned")
    return event


@transaction.atomic
def reopen_complaint(
    *, actor: User | AnonymousUser | None, complaint: Complaint, reason: str
) -> ComplaintEvent:
    """The reporter (with the code) reopens a resolved complaint that was not really fixed:
    within 30 days of the resolution, once. The agency gets a new resolution deadline."""
    _lock(complaint)
    complaint.require("reopen")
    reason = clean_text(reason)
    if not reason:
        raise ComplaintError(_("Tell the agency what is still wrong."))
    days = complaint.category.resolution_days
    event = _move(
        complaint,
        Status.REOPENED,
        EventKind.REOPENED,
        actor=None,
        message=reason,
        reopen_count=complaint.reopen_count + 1,
        resolved_at=None,
        rating=None,
        rating_comment="",
        resolve_by=add_working_days(today_in(complaint.agency_zone()), days),
    )
    notify.notify_staff(
        access.handler_recipients(complaint.agency, complaint.unit), complaint, "reopened"
    )
    return event


@transaction.atomic
def rate_complaint(
    *,
    actor: User | AnonymousUser | None,
    complaint: Complaint,
    rating: int,
    comment: str = "",
) -> ComplaintEvent:
    """The reporter rates the outcome of a resolved complaint from 1 to 5."""
    _lock(complaint)
    complaint.require("rate")
    if not 1 <= rating <= 5:
        raise ComplaintError(_("Choose a rating from 1 to 5."))
    comment = clean_text(comment)
    complaint.rating = rating
    complaint.rating_comment = comment
    complaint.save()
    return _record(complaint, EventKind.RATED, actor=None, message=comment, rating=rating)


@transaction.atomic
def add_reporter_update(
    *,
    actor: User | AnonymousUser | None,
    complaint: Complaint,
    message: str,
    files: Sequence[CleanFile] = (),
) -> ComplaintEvent:
    """The reporter answers a question or adds evidence. An answer to a request for more
    information sends the complaint back to the verifiers with a new deadline."""
    _lock(complaint)
    complaint.require("reporter_update")
    message = clean_text(message)
    if not message and not files:
        raise ComplaintError(_("Write a message or attach a file."))
    if complaint.status == Status.NEEDS_INFO:
        event = _move(
            complaint,
            Status.RECEIVED,
            EventKind.REPORTER_UPDATE,
            actor=None,
            message=message,
            information_by=None,
            verify_by=_verification_due(),
        )
    else:
        event = _record(complaint, EventKind.REPORTER_UPDATE, actor=None, message=message)
    _store_files(complaint, files, event=event, source=AttachmentSource.REPORTER, uploaded_by=None)
    if complaint.agency is not None:
        notify.notify_staff(
            access.handler_recipients(complaint.agency, complaint.unit),
            complaint,
            "reporter_update",
        )
    return event


@transaction.atomic
def reply_to_reporter(
    *, actor: User, complaint: Complaint, message: str, files: Sequence[CleanFile] = ()
) -> ComplaintEvent:
    """A verifier or the agency writes to the reporter; the agency's first reply counts as
    its first response."""
    _lock(complaint)
    _authorise(actor, complaint, "reply")
    message = clean_text(message)
    if not message:
        raise ComplaintError(_("Write the reply."))
    if (
        complaint.agency is not None
        and complaint.first_response_at is None
        and access.can_handle(actor, complaint)
    ):
        for name, value in _first_response(complaint).items():
            setattr(complaint, name, value)
        complaint.save(update_fields=["first_response_at", "first_response_days", "updated_at"])
    event = _record(complaint, EventKind.REPLY, actor=actor, message=message)
    _store_files(complaint, files, event=event, source=AttachmentSource.STAFF, uploaded_by=actor)
    notify.notify_reporter(complaint, event)
    return event


@transaction.atomic
def add_note(*, actor: User, complaint: Complaint, message: str) -> ComplaintEvent:
    """An internal note for staff; the reporter never sees it."""
    _lock(complaint)
    _authorise(actor, complaint, "add_note")
    message = clean_text(message)
    if not message:
        raise ComplaintError(_("Write the note."))
    return _record(complaint, EventKind.NOTE, actor=actor, message=message, internal=True)


def close_unanswered_complaints() -> int:
    """Close complaints whose reporter did not answer a request for more information in
    time (the periodic job). Returns how many were closed."""
    today = today_in(verifier_zone())
    ids = list(
        Complaint.objects.filter(status=Status.NEEDS_INFO, information_by__lt=today).values_list(
            "pk", flat=True
        )
    )
    closed = 0
    for pk in ids:
        with transaction.atomic():
            complaint = _lock(Complaint(pk=pk))
            if complaint.status != Status.NEEDS_INFO or not (
                complaint.information_by and complaint.information_by < today
            ):
                continue
            event = _move(
                complaint,
                Status.CLOSED,
                EventKind.CLOSED,
                actor=None,
                message=_("No answer arrived within the time given."),
                close_reason=CloseReason.NO_ANSWER,
                information_by=None,
            )
            notify.notify_reporter(complaint, event)
            closed += 1
    return closed


_ESCALATION_HEADLINES = {
    BreachKind.VERIFICATION: "escalation_verification",
    BreachKind.FIRST_RESPONSE: "escalation_first_response",
    BreachKind.RESOLUTION: "escalation_resolution",
}


def escalate_overdue_complaints() -> int:
    """Email the people who owe a missed deadline, and the verifiers, once per breach
    however often this runs (the `EscalationNotice` row is the proof). Returns how many
    breaches were escalated now."""
    escalated = 0
    for kind in BreachKind:
        for complaint in Complaint.objects.breached(kind).with_related().order_by("pk"):
            for breach, due in complaint.breaches():
                if breach != kind:
                    continue
                try:
                    with transaction.atomic():
                        notice = EscalationNotice.objects.create(
                            complaint=complaint, kind=kind, due_on=due
                        )
                        recipients = access.verifier_recipients()
                        if kind != BreachKind.VERIFICATION:
                            owed = access.handler_recipients(complaint.agency, complaint.unit)
                            recipients = sorted(set(recipients) | set(owed))
                        notice.recipients = notify.notify_staff(
                            recipients, complaint, _ESCALATION_HEADLINES[kind], due=due
                        )
                        notice.save(update_fields=["recipients"])
                        _record(
                            complaint,
                            EventKind.ESCALATED,
                            actor=None,
                            message=f"{kind.label} · {due:%Y-%m-%d}",
                            internal=True,
                            agency=complaint.agency,
                        )
                except IntegrityError:
                    continue  # already escalated, maybe by a run in parallel
                escalated += 1
    if escalated:
        logger.info("Escalated %s overdue complaint deadline(s).", escalated)
    return escalated
