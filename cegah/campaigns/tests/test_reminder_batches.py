"""Reminders at campaign scale: planned in batches (one job per chunk of participants), each
sent once however often a job runs, and the rows of a worker that died mid-batch picked up
and sent once by the planner's next run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend
from django.test import override_settings
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.campaigns import reminders
from cegah.campaigns.models import Campaign, Participant, Reminder, ReminderStatus
from cegah.campaigns.tests.conftest import NOW, People
from cegah.campaigns.tests.factories import DAYS, make_campaign
from cegah.messaging import channels, throttle
from cegah.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing after it runs, not even `except Exception`."""


QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _fast_channels(settings: SettingsWrapper) -> Iterator[None]:
    settings.MESSAGING_RATES = {"whatsapp": "1000/second", "email": "1000/second"}
    settings.SITE_URL = "https://cegah.example"
    settings.CAMPAIGN_REMINDER_LEASE = 300
    throttle.limiter().storage.reset()
    yield
    throttle.limiter().storage.reset()


def _people(campaign: Campaign, people: People, n: int) -> list[Participant]:
    return Participant.objects.bulk_create(
        Participant(
            campaign=campaign,
            agency=people.p.unit_a,
            name=f"Peserta {i}",
            phone=f"+62812000{i:05d}",
        )
        for i in range(n)
    )


def _plan(chunk: int) -> list[list[int]]:
    """Run the planner with a queue that only records; the queued chunks."""
    with override_settings(TASKS=QUEUE_ONLY):
        backend = task_backends["default"]
        assert isinstance(backend, DummyBackend)
        backend.clear()
        reminders.plan_reminders(chunk=chunk)
        return [
            r.kwargs["participant_ids"]
            for r in backend.results
            if r.task.name == "send_campaign_reminders"
        ]


def _keys() -> list[str]:
    return sorted(OutboxMessage.objects.values_list("key", flat=True))


def test_planning_creates_one_reminder_per_participant_and_one_job_per_batch(
    people: People,
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    participants = _people(campaign, people, 25)

    chunks = _plan(chunk=10)

    assert [len(c) for c in chunks] == [10, 10, 5]
    assert sorted(pk for c in chunks for pk in c) == sorted(p.pk for p in participants)
    rows = Reminder.objects.filter(campaign=campaign, day=DAYS[0])
    assert rows.count() == 25
    assert set(rows.values_list("status", "channel")) == {(ReminderStatus.PLANNED, "whatsapp")}
    # No copy of the phone number yet: the send job reads it from the participant.
    assert set(rows.values_list("recipient", flat=True)) == {""}
    assert not OutboxMessage.objects.exists()


def test_planning_again_creates_and_queues_nothing_more(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 5)
    assert len(_plan(chunk=2)) == 3
    assert _plan(chunk=2) == []
    assert Reminder.objects.count() == 5


def test_a_batch_job_run_twice_sends_each_reminder_once(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    participants = _people(campaign, people, 4)
    (batch,) = _plan(chunk=10)

    first = reminders.send_chunk(campaign.pk, DAYS[0], batch)
    second = reminders.send_chunk(campaign.pk, DAYS[0], batch)

    assert first == {"sent": 4, "skipped": 0, "failed": 0, "retrying": 0}
    assert second == {"sent": 0, "skipped": 0, "failed": 0, "retrying": 0}
    assert _keys() == sorted(f"campaign-reminder:{p.pk}:2024-04-24" for p in participants)
    assert {m.recipient for m in OutboxMessage.objects.all()} == {p.phone for p in participants}
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    # Once sent, the row records where it went.
    assert set(Reminder.objects.values_list("recipient", flat=True)) == {
        p.phone for p in participants
    }


def test_a_batch_claimed_by_a_worker_that_died_is_sent_once_after_its_lease(
    people: People, _frozen_time: time_machine.Traveller, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    participants = _people(campaign, people, 6)
    (batch,) = _plan(chunk=10)

    # The worker claims the batch and dies before anything is stored: the sink's rows and
    # the "sent" marks were in one transaction, rolled back with it.
    def die(*args: object, **kwargs: object) -> None:
        raise WorkerKilled

    monkeypatch.setattr(channels, "send", die)
    with pytest.raises(WorkerKilled):
        reminders.send_chunk(campaign.pk, DAYS[0], batch)
    monkeypatch.undo()
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENDING}
    assert not OutboxMessage.objects.exists()

    # Within the lease the rows are still the dead worker's: neither the planner nor another
    # run of the job touches them.
    assert _plan(chunk=10) == []
    assert reminders.send_chunk(campaign.pk, DAYS[0], batch)["sent"] == 0

    _frozen_time.shift(301)
    (again,) = _plan(chunk=10)
    assert sorted(again) == sorted(batch)
    assert reminders.send_chunk(campaign.pk, DAYS[0], again)["sent"] == 6
    assert reminders.send_chunk(campaign.pk, DAYS[0], again)["sent"] == 0
    assert _plan(chunk=10) == []

    assert _keys() == sorted(f"campaign-reminder:{p.pk}:2024-04-24" for p in participants)
    rows = Reminder.objects.all()
    assert set(rows.values_list("status", "attempts")) == {(ReminderStatus.SENT, 2)}


def test_a_job_lost_before_it_claimed_its_batch_is_queued_again(
    people: People, settings: SettingsWrapper, _frozen_time: time_machine.Traveller
) -> None:
    settings.CAMPAIGN_REMINDER_REQUEUE_AFTER = 1800
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    participants = _people(campaign, people, 3)
    (lost,) = _plan(chunk=10)  # the job is never run

    _frozen_time.shift(1799)
    assert _plan(chunk=10) == []
    _frozen_time.shift(2)
    (again,) = _plan(chunk=10)
    assert sorted(again) == sorted(lost)
    reminders.send_chunk(campaign.pk, DAYS[0], again)
    # The lost job turning up late finds nothing left to send.
    assert reminders.send_chunk(campaign.pk, DAYS[0], lost)["sent"] == 0
    assert _keys() == sorted(f"campaign-reminder:{p.pk}:2024-04-24" for p in participants)


def test_a_slow_job_whose_rows_were_taken_over_does_not_send_them_again(
    people: People, _frozen_time: time_machine.Traveller
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 2)
    (batch,) = _plan(chunk=10)
    until = NOW + dt.timedelta(seconds=300)
    claimed, skipped = reminders._claim(
        reminders.ScheduleDay.objects.get(campaign=campaign, day=DAYS[0]), DAYS[0], batch, until
    )
    assert (len(claimed), skipped) == (2, 0)

    # The lease runs out and another job takes the rows over and sends them ...
    _frozen_time.shift(301)
    assert reminders.send_chunk(campaign.pk, DAYS[0], batch)["sent"] == 2
    # ... then the first job, which was only slow, reaches its group: not its rows any more.
    counts = {"sent": 0, "skipped": 0, "failed": 0, "retrying": 0}
    entry = reminders.ScheduleDay.objects.filter(campaign=campaign, day=DAYS[0]).with_items().get()
    reminders._send_group(claimed, entry, DAYS[0], until, counts)
    assert counts["sent"] == 0
    assert OutboxMessage.objects.count() == 2
