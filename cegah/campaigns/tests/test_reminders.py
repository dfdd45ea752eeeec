"""Reminders to participants who have not confirmed today's material: planned by a periodic
job, sent in chunks through the message channels, once per participant and day."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend
from django.test import Client, override_settings
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.campaigns import actions, reminders, tasks
from cegah.campaigns.models import Campaign, Channel, Participant, Reminder, ReminderStatus, Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign
from cegah.messaging import channels, throttle
from cegah.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def _fast_channels(settings: SettingsWrapper) -> Iterator[None]:
    settings.MESSAGING_RATES = {
        "email": "1000/second",
        "whatsapp": "1000/second",
        "telegram": "1000/second",
    }
    settings.SITE_URL = "https://cegah.example"
    throttle._limiter.cache_clear()
    yield
    throttle._limiter.cache_clear()


def _people(campaign: Campaign, people: People, n: int, **fields: str) -> list[Participant]:
    return [
        Participant.objects.create(
            campaign=campaign,
            agency=people.p.unit_a,
            name=f"Peserta {i}",
            phone=fields.get("phone", f"+62812000{i:05d}"),
            email=fields.get("email", ""),
            telegram_chat_id=fields.get("telegram_chat_id", ""),
        )
        for i in range(n)
    ]


def test_the_job_run_twice_sends_once_and_only_to_those_who_have_not_confirmed(
    people: People,
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    done, waiting = _people(campaign, people, 2)
    actions.confirm_share(participant=done, day=DAYS[0], channel=Channel.WHATSAPP_STATUS)

    assert tasks.plan_campaign_reminders.call() == 1
    assert tasks.plan_campaign_reminders.call() == 0

    sent = list(OutboxMessage.objects.filter(channel="whatsapp"))
    assert [m.recipient for m in sent] == [waiting.phone]
    body = sent[0].body
    assert body.startswith("Halo Peserta 1,")
    assert "Kampanye Antikorupsi Klaten" in body
    assert f"https://cegah.example/s/{waiting.code}" in body
    assert "https://cegah.example/kampanye/saya/" in body
    assert sent[0].key == f"campaign-reminder:{waiting.pk}:2024-04-24"
    reminder = Reminder.objects.get()
    assert (reminder.participant, reminder.day, reminder.status) == (
        waiting,
        DAYS[0],
        ReminderStatus.SENT,
    )


def test_the_personal_link_in_the_reminder_opens_the_participants_page(
    people: People, client: Client
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    (participant,) = _people(campaign, people, 1)
    reminders.plan_reminders()
    body = OutboxMessage.objects.get().body
    path = next(w for w in body.split() if "/saya/" in w).removeprefix("https://cegah.example")
    response = client.get(path)
    assert response.status_code == 200
    assert participant.name in response.content.decode()


def test_a_new_day_gets_a_new_reminder(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 1)
    reminders.plan_reminders()
    with time_machine.travel(dt.datetime(2024, 4, 25, 7, 5, tzinfo=JAKARTA), tick=False):
        reminders.plan_reminders()
        reminders.plan_reminders()
    assert sorted(Reminder.objects.values_list("day", flat=True)) == DAYS[:2]
    assert OutboxMessage.objects.count() == 2


def test_nothing_before_the_reminder_time(people: People) -> None:
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], reminder_time=dt.time(9, 30)
    )
    _people(campaign, people, 3)
    assert reminders.plan_reminders() == 0
    with time_machine.travel(dt.datetime(2024, 4, 24, 9, 30, tzinfo=JAKARTA), tick=False):
        assert reminders.plan_reminders() == 3
    assert OutboxMessage.objects.count() == 3


def test_the_reminder_time_is_the_organisers_local_time(people: People) -> None:
    agency = people.p.agency_a
    agency.timezone = "Asia/Jayapura"  # WIT: two hours ahead of Jakarta
    agency.save()
    campaign = make_campaign(
        people.manager, agency, [people.p.unit_a], reminder_time=dt.time(11, 0)
    )
    _people(campaign, people, 1)
    assert reminders.plan_reminders() == 1  # 09:00 WIB is 11:00 WIT


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PUBLISHED, Status.FINISHED])
def test_campaigns_that_are_not_running_remind_nobody(people: People, status: str) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], status=status)
    _people(campaign, people, 2)
    assert reminders.plan_reminders() == 0
    assert not Reminder.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_no_reminder_time_means_no_reminders(people: People) -> None:
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], reminder_time=None
    )
    _people(campaign, people, 2)
    assert reminders.plan_reminders() == 0


def test_after_the_last_day_nothing(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 2)
    with time_machine.travel(dt.datetime(2024, 4, 27, 8, 0, tzinfo=JAKARTA), tick=False):
        assert reminders.plan_reminders() == 0


def test_chunking_splits_participants_into_jobs(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    participants = _people(campaign, people, 7)
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ):
        backend = task_backends["default"]
        assert isinstance(backend, DummyBackend)
        assert reminders.plan_reminders(chunk=3) == 7
        jobs = [r for r in backend.results if r.task.name == "send_campaign_reminders"]
        assert len(jobs) == math.ceil(7 / 3)
        chunks = [job.kwargs["participant_ids"] for job in jobs]
        assert [len(c) for c in chunks] == [3, 3, 1]
        assert sorted(pk for c in chunks for pk in c) == sorted(p.pk for p in participants)
        # Nothing has been sent yet; running the chunks twice sends each reminder once.
        assert not OutboxMessage.objects.exists()
    for job in jobs:
        reminders.send_chunk(campaign.pk, DAYS[0], job.kwargs["participant_ids"])
        reminders.send_chunk(campaign.pk, DAYS[0], job.kwargs["participant_ids"])
    assert OutboxMessage.objects.count() == 7


def test_confirming_after_planning_skips_the_reminder(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    (participant,) = _people(campaign, people, 1)
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ):
        reminders.plan_reminders()
    actions.confirm_share(participant=participant, day=DAYS[0], channel=Channel.INSTAGRAM)
    counts = reminders.send_chunk(campaign.pk, DAYS[0], [participant.pk])
    assert counts == {"sent": 0, "skipped": 1, "failed": 0}
    assert Reminder.objects.get().status == ReminderStatus.SKIPPED
    assert not OutboxMessage.objects.exists()


def test_each_participant_gets_the_first_channel_they_can_be_reached_on(people: People) -> None:
    campaign = make_campaign(
        people.manager,
        people.p.agency_a,
        [people.p.unit_a],
        reminder_channels=["telegram", "whatsapp", "email"],
    )
    unit = people.p.unit_a
    Participant.objects.create(
        campaign=campaign, agency=unit, name="A", telegram_chat_id="4242", phone="+6281200000001"
    )
    Participant.objects.create(campaign=campaign, agency=unit, name="B", phone="+6281200000002")
    Participant.objects.create(
        campaign=campaign, agency=unit, name="C", email="c@klaten.example.org"
    )
    Participant.objects.create(campaign=campaign, agency=unit, name="D")  # unreachable
    assert reminders.plan_reminders() == 3
    assert sorted(OutboxMessage.objects.values_list("channel", "recipient")) == [
        ("telegram", "4242"),
        ("whatsapp", "+6281200000002"),
    ]
    (email,) = mail.outbox
    assert email.to == ["c@klaten.example.org"]
    assert email.subject == "Pengingat: Kampanye Antikorupsi Klaten"
    assert "Halo C," in email.body


def test_sending_waits_for_the_channels_rate(
    people: People, settings: SettingsWrapper, _frozen_time: time_machine.Traveller
) -> None:
    settings.MESSAGING_RATES = {"whatsapp": "2/second"}
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    participants = _people(campaign, people, 5)
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ):
        reminders.plan_reminders()
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        _frozen_time.shift(seconds)

    counts = reminders.send_chunk(campaign.pk, DAYS[0], [p.pk for p in participants], sleep=sleep)
    assert counts["sent"] == 5
    # Two a second: five messages need at least two seconds of waiting.
    assert sum(pauses) >= 2.0


def test_a_refused_message_is_recorded_as_failed_and_not_sent_again(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 1)

    def refuse(*args: object, **kwargs: object) -> None:
        raise channels.DeliveryError("HTTP 400: invalid recipient")

    real_send = channels.send
    monkeypatch.setattr(channels, "send", refuse)
    assert reminders.plan_reminders() == 1
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.error) == (
        ReminderStatus.FAILED,
        "HTTP 400: invalid recipient",
    )
    monkeypatch.setattr(channels, "send", real_send)
    assert reminders.plan_reminders() == 0
    assert not OutboxMessage.objects.exists()
