from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from cegah.complaints import actions
from cegah.complaints.models import (
    BreachKind,
    CloseReason,
    EscalationNotice,
    EventKind,
    Status,
)
from cegah.complaints.tasks import close_unanswered, escalate_overdue
from cegah.complaints.tests.factories import JAKARTA, forwarded, submit, unit_handler
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(dt.datetime(*args, tzinfo=JAKARTA), tick=False)


def test_an_overdue_complaint_is_escalated_once_however_often_the_job_runs(
    personas: Personas, mailoutbox: list[Any]
) -> None:
    with at(2026, 3, 2, 9, 0):
        complaint = forwarded(personas)
    actions.assign_unit(actor=personas.admin_a, complaint=complaint, unit=personas.unit_a)
    handler = unit_handler(personas)
    mailoutbox.clear()
    with at(2026, 3, 12, 8, 0):  # the first response was due on 11 Mar
        assert escalate_overdue.enqueue().return_value == 1
        first = sorted(m.to[0] for m in mailoutbox)
        assert first == sorted(["admin.a@example.org", handler.email, "kpk@example.org"])
        assert escalate_overdue.enqueue().return_value == 0
        assert actions.escalate_overdue_complaints() == 0
    with at(2026, 3, 13, 8, 0):
        assert escalate_overdue.enqueue().return_value == 0
    assert len(mailoutbox) == 3
    notice = EscalationNotice.objects.get()
    assert (notice.kind, notice.due_on, notice.recipients) == (
        BreachKind.FIRST_RESPONSE,
        dt.date(2026, 3, 11),
        3,
    )
    event = complaint.events.get(kind=EventKind.ESCALATED)
    assert event.internal
    assert "officer.b@example.org" not in str([m.to for m in mailoutbox])


def test_the_escalation_email_names_the_missed_deadline_but_no_identity(
    personas: Personas, mailoutbox: list[Any]
) -> None:
    with at(2026, 3, 2, 9, 0):
        complaint = submit()
    with at(2026, 3, 6, 8, 0):  # verification was due on 5 Mar
        actions.escalate_overdue_complaints()
    (message,) = mailoutbox[-1:]
    assert message.to == ["kpk@example.org"]
    assert f"#{complaint.pk}" in message.subject
    assert "Sri Rahayu" not in message.body
    assert "sri@example.org" not in message.body
    assert complaint.tracking_code not in message.body


def test_a_new_breach_after_a_reopening_is_escalated_again(
    personas: Personas, mailoutbox: list[Any]
) -> None:
    with at(2026, 3, 2, 9, 0):
        complaint = forwarded(personas, category="perizinan")  # 5 working days: due 9 Mar
    with at(2026, 3, 10, 8, 0):
        actions.escalate_overdue_complaints()
        actions.resolve_complaint(actor=personas.admin_a, complaint=complaint, reply="Selesai.")
        actions.reopen_complaint(actor=None, complaint=complaint, reason="Belum.")
    assert complaint.resolve_by == dt.date(2026, 3, 17)
    with at(2026, 3, 26, 8, 0):
        assert actions.escalate_overdue_complaints() == 1
    kinds = list(EscalationNotice.objects.order_by("pk").values_list("kind", "due_on"))
    assert kinds == [
        (BreachKind.RESOLUTION, dt.date(2026, 3, 9)),
        (BreachKind.RESOLUTION, dt.date(2026, 3, 17)),
    ]


def test_a_complaint_without_an_answer_in_time_is_closed_by_the_job(
    personas: Personas, mailoutbox: list[Any]
) -> None:
    with at(2026, 3, 2, 9, 0):
        waiting = submit()
        actions.return_for_information(
            actor=personas.kpk_officer, complaint=waiting, question="Nama sekolah?"
        )
        answered = submit()
        actions.return_for_information(actor=personas.kpk_officer, complaint=answered, question="?")
        actions.add_reporter_update(actor=None, complaint=answered, message="SD Negeri 1")
    assert waiting.information_by == dt.date(2026, 3, 9)
    with at(2026, 3, 9, 23, 0):  # the last day is not over yet
        assert close_unanswered.enqueue().return_value == 0
    mailoutbox.clear()
    with at(2026, 3, 10, 0, 5):
        assert close_unanswered.enqueue().return_value == 1
        assert close_unanswered.enqueue().return_value == 0
    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert (waiting.status, waiting.close_reason) == (Status.CLOSED, CloseReason.NO_ANSWER)
    assert answered.status == Status.RECEIVED
    assert [m.to for m in mailoutbox] == [["sri@example.org"]]


def test_the_jobs_are_scheduled() -> None:
    from crontask import scheduler

    jobs = {job.name for job in scheduler.get_jobs()}
    assert {"escalate_overdue", "close_unanswered"} <= jobs
