"""Every write to gratification reports: each action takes `actor=` first, checks the state,
and writes its `GratificationEvent` in the same transaction."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cegah.accounts.models import Membership, Role
from cegah.agencies.models import Agency, AgencyType
from cegah.gratification import decree
from cegah.gratification.models import (
    EDITABLE_STATUSES,
    KPK_DECISION_DAYS,
    KPK_STATUSES,
    LETTER_DELIVERY_DAYS,
    RETURNED_STATUSES,
    STATE_PROPERTY,
    UPG_FORWARD_DAYS,
    Decision,
    DecreeIssuer,
    EventKind,
    Evidence,
    GratificationEvent,
    GratificationReport,
    ReminderSent,
    ReportError,
    ReportStatus,
    RulesVersion,
    assess_gift,
    assessment_json,
    today_in,
)
from cegah.gratification.rules import Gift
from cegah.lib.uploads import CleanFile
from cegah.lib.workdays import add_working_days, working_days_between

if TYPE_CHECKING:
    from cegah.accounts.models import User

FLAGS = (
    "because_of_office",
    "conflict_of_interest",
    "general_terms",
    "within_cost_standard",
    "double_funding",
    "to_institution",
)
MAX_EVIDENCE = 5
# The zone KPK's directorate works in.
KPK_ZONE = "Asia/Jakarta"
# A draft is reminded of on each of the last this many working days before its deadline.
REMINDER_WORKING_DAYS = 3

logger = logging.getLogger(__name__)


def _event(
    report: GratificationReport,
    kind: EventKind,
    actor: User | None,
    from_status: str = "",
    message: str = "",
) -> GratificationEvent:
    return GratificationEvent.objects.create(
        report=report,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=report.status,
        message=message,
    )


def _reassess(report: GratificationReport) -> None:
    """Judge the gift again with the answers of the check and the report's own fields."""
    answers = report.answers or {}
    gift = Gift(
        received_on=report.received_on,
        value_idr=int(report.value_idr),
        form=report.form,  # type: ignore[arg-type]
        giver_relation=report.giver_relation,  # type: ignore[arg-type]
        kind=report.kind,  # type: ignore[arg-type]
        occasion=report.occasion,  # type: ignore[arg-type]
        same_giver_total_this_year_idr=int(answers.get("same_giver_total_this_year_idr") or 0),
        **{flag: bool(answers.get(flag)) for flag in FLAGS},
    )
    result = assess_gift(gift)
    report.assessment = assessment_json(result)
    report.rules_version = RulesVersion.objects.filter(
        effective_from=result.rules.effective_from
    ).first()
    report.deadline = result.deadline
    report.upg_deadline = result.upg_deadline


def _store_files(report: GratificationReport, files: Sequence[CleanFile]) -> None:
    if report.evidence.count() + len(files) > MAX_EVIDENCE:
        raise ReportError(_("A report can have at most 5 evidence files."))
    for clean in files:
        Evidence.objects.create(
            report=report,
            file=ContentFile(clean.data, name=clean.name),
            content_type=clean.content_type,
            original_name=clean.original_name,
            size=clean.size,
        )


def create_report(
    *,
    actor: User,
    agency: Agency,
    data: dict[str, Any],
    answers: dict[str, Any],
    files: Sequence[CleanFile] = (),
    form_token: str | None = None,
) -> tuple[GratificationReport, bool]:
    """Save a new draft for `actor` in `agency`; the same form sent twice gives one draft."""
    if form_token:
        existing = GratificationReport.objects.filter(form_token=form_token, reporter=actor).first()
        if existing is not None:
            return existing, False
    report = GratificationReport(
        reporter=actor,
        agency=agency,
        government=agency.government(),
        answers=answers,
        form_token=form_token or None,
        **data,
    )
    _reassess(report)
    try:
        with transaction.atomic():
            report.save()
            _store_files(report, files)
            _event(report, EventKind.CREATED, actor)
    except IntegrityError:
        existing = GratificationReport.objects.filter(form_token=form_token, reporter=actor).first()
        if existing is None:
            raise
        return existing, False
    return report, True


def update_report(
    *,
    actor: User,
    report: GratificationReport,
    data: dict[str, Any],
    answers: dict[str, Any],
    files: Sequence[CleanFile] = (),
) -> GratificationReport:
    """Change a draft (or a report returned for completion) and judge it again."""
    if not report.is_editable:
        raise ReportError(_("This report can no longer be changed."))
    for name, value in data.items():
        setattr(report, name, value)
    report.answers = answers
    _reassess(report)
    with transaction.atomic():
        report.save()
        _store_files(report, files)
        _event(report, EventKind.UPDATED, actor)
    return report


def has_upg(government: Agency) -> bool:
    """Whether the government has a gratification unit with at least one active officer."""
    if not government.has_gratification_unit:
        return False
    return (
        Membership.objects.active()
        .filter(
            role=Role.GRATIFICATION_OFFICER,
            agency__path__startswith=government.path,
            user__is_active=True,
        )
        .exclude(agency__type=AgencyType.KPK)
        .exists()
    )


def _to_kpk(report: GratificationReport) -> None:
    report.status = ReportStatus.AT_KPK
    report.forwarded_at = timezone.now()
    report.decide_by = add_working_days(today_in(KPK_ZONE), KPK_DECISION_DAYS)


def submit_report(*, actor: User, report: GratificationReport) -> GratificationReport:
    """Send a draft (or a completed returned report) to the UPG of the reporter's government,
    or straight to KPK when it has none. Sending it again does nothing."""
    with transaction.atomic():
        locked = GratificationReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE_STATUSES:
            return locked
        previous = locked.status
        today = today_in(locked.zone)
        if previous == ReportStatus.DRAFT:
            locked.submitted_at = timezone.now()
            locked.number = f"GR-{today.year}-{locked.pk:06d}"
            locked.via_upg = has_upg(locked.government)
            due = locked.upg_deadline if locked.via_upg else locked.deadline
            locked.late = due is not None and today > due
        if previous == ReportStatus.RETURNED_BY_KPK or not locked.via_upg:
            _to_kpk(locked)
        else:
            locked.status = ReportStatus.AT_UPG
            locked.upg_forward_by = add_working_days(today, UPG_FORWARD_DAYS)
        locked.complete_by = None
        locked.save()
        _event(locked, EventKind.SUBMITTED, actor, previous)
    return locked


def _require(report: GratificationReport, allowed: frozenset[ReportStatus] | set[str]) -> str:
    if report.status not in allowed:
        raise ReportError(
            _("This cannot be done while the report is “%(status)s”.")
            % {"status": report.get_status_display()}
        )
    return report.status


def _completion_days(report: GratificationReport) -> int:
    version = report.rules_version
    return version.completion_working_days if version is not None else 30


def return_by_upg(*, actor: User, report: GratificationReport, message: str) -> GratificationReport:
    """The UPG sends an incomplete report back to its reporter."""
    with transaction.atomic():
        previous = _require(report, {ReportStatus.AT_UPG})
        report.status = ReportStatus.RETURNED_BY_UPG
        report.complete_by = add_working_days(today_in(report.zone), _completion_days(report))
        report.save()
        _event(report, EventKind.RETURNED_BY_UPG, actor, previous, message)
    return report


def forward_to_kpk(
    *, actor: User, report: GratificationReport, message: str = ""
) -> GratificationReport:
    """The UPG forwards a complete report to KPK (within 10 working days)."""
    with transaction.atomic():
        previous = _require(report, {ReportStatus.AT_UPG})
        _to_kpk(report)
        report.save()
        _event(report, EventKind.FORWARDED, actor, previous, message)
    return report


def return_by_kpk(*, actor: User, report: GratificationReport, message: str) -> GratificationReport:
    """KPK returns an incomplete report: 20 working days to complete it under the 2026 rules,
    30 under 2019 (from the report's rules version)."""
    with transaction.atomic():
        previous = _require(report, KPK_STATUSES)
        report.status = ReportStatus.RETURNED_BY_KPK
        report.complete_by = add_working_days(today_in(report.zone), _completion_days(report))
        report.save()
        _event(report, EventKind.RETURNED_BY_KPK, actor, previous, message)
    return report


def verify_report(
    *, actor: User, report: GratificationReport, message: str = ""
) -> GratificationReport:
    """KPK finds the report complete and starts its analysis."""
    with transaction.atomic():
        previous = _require(report, {ReportStatus.AT_KPK})
        report.status = ReportStatus.VERIFIED
        report.save()
        _event(report, EventKind.VERIFIED, actor, previous, message)
    return report


def _decree_version(report: GratificationReport, day: dt.date) -> RulesVersion | None:
    """The rules version in force on the day of the decision: its procedure (the legal basis a
    decree cites, the time to hand state property over) is the one KPK applies that day."""
    version = (
        RulesVersion.objects.select_related("amends")
        .filter(effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )
    return version or report.rules_version


def _decree_basis(version: RulesVersion | None) -> list[str]:
    if version is None:
        return []
    lines = version.decision_basis_lines
    if lines:
        return lines
    rules = version.to_rules()
    return [*rules.reporting_basis, version.citation]


def _allocate_decree_number(report: GratificationReport, issuer: DecreeIssuer) -> None:
    """The issuer's next running number for the year. Under the caller's transaction; a
    concurrent decree taking the same number fails the unique constraint, so the number is
    taken again (SQLite serialises writers anyway)."""
    assert report.decree_date is not None
    year = report.decree_date.year
    for _attempt in range(5):
        last = GratificationReport.objects.filter(
            decree_issuer=issuer, decree_year=year, decree_sequence__isnull=False
        ).aggregate(last=Max("decree_sequence"))["last"]
        report.decree_issuer = issuer
        report.decree_year = year
        report.decree_sequence = (last or 0) + 1
        report.decree_number = decree.format_number(
            issuer, report.decree_sequence, report.decree_date
        )
        try:
            with transaction.atomic():
                report.save()
            return
        except IntegrityError:
            continue
    raise ReportError(_("The decree could not be numbered; please try again."))


def decide_report(
    *,
    actor: User,
    report: GratificationReport,
    decision: Decision,
    issuer: DecreeIssuer,
    signatory_name: str,
    signatory_position: str,
    amount_idr: int | None = None,
    reason: str = "",
) -> GratificationReport:
    """KPK determines who owns the gift (within 30 working days of receiving the report) and
    issues the decree: numbered by its issuer, dated, citing the legal basis of the rules in
    force that day, with the date by which state property is handed over (or its value paid),
    the signatory, and a hash that its QR code lets anyone verify. The letter is then due
    within 7 working days, and the reporter is emailed a link."""
    if decision == Decision.MILIK_NEGARA_DAPAT_DIGANTI_UANG and not amount_idr:
        raise ReportError(_("Give the amount the reporter may pay."))
    if decision == Decision.TIDAK_DAPAT_DITINDAKLANJUTI and not reason:
        raise ReportError(_("Say why the report cannot be followed up."))
    if not signatory_name.strip() or not signatory_position.strip():
        raise ReportError(_("Give the name and position of the official who signs the decree."))
    with transaction.atomic():
        previous = _require(report, {ReportStatus.VERIFIED})
        report.status = ReportStatus.DECIDED
        report.decision = decision
        report.decision_amount_idr = (
            amount_idr if decision == Decision.MILIK_NEGARA_DAPAT_DIGANTI_UANG else None
        )
        report.decision_reason = reason
        report.decided_at = timezone.now()
        today = today_in(KPK_ZONE)
        report.decision_late = bool(report.decide_by and today > report.decide_by)
        report.letter_due = add_working_days(today, LETTER_DELIVERY_DAYS)
        version = _decree_version(report, today)
        report.decree_date = today
        report.decree_place = settings.GRATIFICATION_DECREE_PLACE
        report.signatory_name = signatory_name.strip()
        report.signatory_position = signatory_position.strip()
        report.decree_basis = _decree_basis(version)
        report.handover_due = (
            add_working_days(today, version.handover_working_days if version else 7)
            if decision in STATE_PROPERTY
            else None
        )
        report.decree_nonce = secrets.token_hex(16)
        _allocate_decree_number(report, issuer)
        report.decree_hash = decree.compute_hash(report)
        report.save()
        _event(report, EventKind.DECIDED, actor, previous, reason)
    _send_decision_notice(report)
    return report


def _send_decision_notice(report: GratificationReport) -> None:
    """Email the reporter a link to the decision letter. Sent after the decision is saved: a
    failing mail server must not undo KPK's decision, so the failure is only logged."""
    to = report.reporter_email or report.reporter.email
    if not to:
        return
    language = report.reporter.preferred_language or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            url = reverse("gratification:decision_letter", args=[report.pk])
            context = {
                "report": report,
                "url": f"{settings.SITE_URL}{url}",
                "meaning": decree.meaning(report),
                "steps": decree.next_steps(report),
            }
            subject = _("KPK has decided on your gratification report %(number)s") % {
                "number": report.number
            }
            body = render_to_string("gratification/email/decision_made.txt", context)
            send_mail(subject, body, None, [to])
    except OSError:
        logger.exception("Could not email the decision on gratification report %s.", report.pk)


def mark_letter_sent(
    *, actor: User, report: GratificationReport, message: str = ""
) -> GratificationReport:
    """KPK records that the decision letter reached the reporter (due within 7 working days
    of the decision)."""
    with transaction.atomic():
        previous = _require(report, {ReportStatus.DECIDED})
        if report.letter_sent_at is not None:
            raise ReportError(_("The decision letter was already recorded as sent."))
        report.letter_sent_at = timezone.now()
        report.save()
        _event(report, EventKind.LETTER_SENT, actor, previous, message)
    return report


def record_handover(
    *, actor: User, report: GratificationReport, message: str
) -> GratificationReport:
    """Record that an object declared state property was handed over."""
    with transaction.atomic():
        previous = _require(report, {ReportStatus.DECIDED})
        if report.decision not in STATE_PROPERTY or report.handover_at is not None:
            raise ReportError(_("There is no state property to hand over."))
        report.handover_at = timezone.now()
        report.handover_note = message
        report.save()
        _event(report, EventKind.HANDED_OVER, actor, previous, message)
    return report


def _draft_due(report: GratificationReport, upg_by_government: dict[int, bool]) -> dt.date | None:
    """The deadline that will decide whether the draft is late once sent: the UPG's (10 working
    days) when the reporter's government has a working UPG, else KPK's (30)."""
    if report.government_id not in upg_by_government:
        upg_by_government[report.government_id] = has_upg(report.government)
    return report.upg_deadline if upg_by_government[report.government_id] else report.deadline


def _send_reminder(report: GratificationReport, to: str, due: dt.date, left: int) -> None:
    language = report.reporter.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "report": report,
            "due": due,
            "left": left,
            "url": f"{settings.SITE_URL}{report.get_absolute_url()}",
        }
        subject = _("Your gratification report is due by %(date)s") % {
            "date": formats.date_format(due, "DATE_FORMAT")
        }
        body = render_to_string("gratification/email/draft_reminder.txt", context)
        send_mail(subject, body, None, [to])


def send_draft_reminders() -> int:
    """Email the reporters of drafts whose deadline is at most three working days away (in the
    zone of the reporter's agency), at most once per report and day however often this runs:
    the `ReminderSent` row and the email share a transaction, so a failed email is tried
    again on the next run. Returns how many were sent."""
    upg_by_government: dict[int, bool] = {}
    sent = 0
    drafts = (
        GratificationReport.objects.filter(status=ReportStatus.DRAFT, deadline__isnull=False)
        .with_related()
        .order_by("pk")
    )
    for report in drafts:
        today = today_in(report.zone)
        due = _draft_due(report, upg_by_government)
        if due is None or due < today:
            continue
        left = working_days_between(today, due)
        if left > REMINDER_WORKING_DAYS:
            continue
        to = report.reporter_email or report.reporter.email
        if not to or ReminderSent.objects.filter(report=report, day=today).exists():
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    report=report, day=today, deadline=due, working_days_left=left, sent_to=to
                )
                _event(report, EventKind.REMINDED, None, report.status, f"{due:%Y-%m-%d}")
                _send_reminder(report, to, due, left)
        except IntegrityError:
            continue  # reminded already today, by a run in parallel
        except OSError:
            # The mail server failed (smtplib's errors are OSErrors): the row is rolled back
            # with it, so the next run tries again; the other drafts still get theirs.
            logger.exception("Could not send the reminder for gratification report %s.", report.pk)
            continue
        sent += 1
    if sent:
        logger.info("Sent %s gratification draft reminder(s).", sent)
    return sent


def _send_stopped_notice(report: GratificationReport, to: str) -> None:
    language = report.reporter.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"report": report, "url": f"{settings.SITE_URL}{report.get_absolute_url()}"}
        subject = _("The determination of your gratification report %(number)s has stopped") % {
            "number": report.number
        }
        body = render_to_string("gratification/email/determination_stopped.txt", context)
        send_mail(subject, body, None, [to])


def stop_determination(*, actor: User | None, report: GratificationReport) -> bool:
    """Close a returned report whose reporter did not complete it by `complete_by` (the rules
    version's completion working days, in the zone of the reporter's agency): KPK's
    determination stops. Writes the event and emails the reporter in one transaction, so the
    email goes out once; a report already resubmitted or stopped is left alone. Returns
    whether it was stopped."""
    with transaction.atomic():
        locked = (
            GratificationReport.objects.select_for_update(of=("self",))
            .with_related()
            .get(pk=report.pk)
        )
        if locked.status not in RETURNED_STATUSES or locked.complete_by is None:
            return False
        if today_in(locked.zone) <= locked.complete_by:
            return False
        previous = locked.status
        locked.status = ReportStatus.DETERMINATION_STOPPED
        locked.save(update_fields=["status", "updated_at"])
        _event(
            locked,
            EventKind.DETERMINATION_STOPPED,
            actor,
            previous,
            f"{locked.complete_by:%Y-%m-%d}",
        )
        to = locked.reporter_email or locked.reporter.email
        if to:
            _send_stopped_notice(locked, to)
    return True


def stop_overdue_determinations() -> int:
    """Stop every returned report whose completion deadline has passed in its agency's zone;
    running it again stops nothing more. A failed email rolls its report back, to be tried on
    the next run. Returns how many were stopped."""
    stopped = 0
    candidates = GratificationReport.objects.filter(
        status__in=RETURNED_STATUSES, complete_by__isnull=False
    ).order_by("pk")
    for report in candidates.with_related():
        if today_in(report.zone) <= report.complete_by:  # type: ignore[operator]
            continue
        try:
            if stop_determination(actor=None, report=report):
                stopped += 1
        except OSError:
            logger.exception("Could not stop gratification report %s.", report.pk)
    if stopped:
        logger.info("Stopped the determination of %s gratification report(s).", stopped)
    return stopped
