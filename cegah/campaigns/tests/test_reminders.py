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
from cegah.campaigns.models import (
    Campaign,
    Channel,
    Participant,
    Reminder,
    ReminderPreference,
    ReminderStatus,
    Status,
)
from cegah.campaigns.tests.conftest import NOW, People
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
    throttle.limiter().storage.reset()
    yield
    throttle.limiter().storage.reset()


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
    assert counts == {"sent": 0, "skipped": 1, "failed": 0, "retrying": 0}
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


class FlakyProvider:
    """Stands in for `channels.send`: raises the queued errors first, then delivers."""

    def __init__(self, *errors: channels.DeliveryError) -> None:
        self.errors = list(errors)
        self.calls = 0
        self.real = channels.send

    def __call__(self, *args: object, **kwargs: object) -> None:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        self.real(*args, **kwargs)  # type: ignore[arg-type]


def transient(message: str = "HTTP 503: unavailable") -> channels.DeliveryError:
    return channels.DeliveryError(message, transient=True)


def test_a_transient_failure_is_retried_later_the_same_day_and_sent_once(
    people: People, monkeypatch: pytest.MonkeyPatch, _frozen_time: time_machine.Traveller
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    (participant,) = _people(campaign, people, 1)
    provider = FlakyProvider(transient(), transient("timed out"))
    monkeypatch.setattr(channels, "send", provider)

    assert reminders.plan_reminders() == 1
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts, reminder.error) == (
        ReminderStatus.PLANNED,
        1,
        "HTTP 503: unavailable",
    )
    assert reminder.next_attempt_at == NOW + reminders.RETRY_DELAYS[0]
    # Before its time the row is neither queued again nor sent by a job run twice.
    _frozen_time.shift(60)
    assert reminders.plan_reminders() == 0
    reminders.send_chunk(campaign.pk, DAYS[0], [participant.pk])
    assert provider.calls == 1

    _frozen_time.shift(reminders.RETRY_DELAYS[0].total_seconds())
    assert reminders.plan_reminders() == 1
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (ReminderStatus.PLANNED, 2)
    assert reminders.plan_reminders() == 0  # waiting again: nothing queued

    _frozen_time.shift(reminders.RETRY_DELAYS[1].total_seconds())
    assert reminders.plan_reminders() == 1
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.error) == (ReminderStatus.SENT, 3, "")
    assert reminder.next_attempt_at is None
    assert OutboxMessage.objects.filter(recipient=participant.phone).count() == 1
    assert reminders.plan_reminders() == 0
    assert provider.calls == 3


def test_a_permanent_failure_is_not_retried(
    people: People, monkeypatch: pytest.MonkeyPatch, _frozen_time: time_machine.Traveller
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 1)
    provider = FlakyProvider(channels.DeliveryError("HTTP 400: invalid recipient"))
    monkeypatch.setattr(channels, "send", provider)
    reminders.plan_reminders()
    _frozen_time.shift(3600)
    reminders.plan_reminders()
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts, reminder.next_attempt_at) == (
        ReminderStatus.FAILED,
        1,
        None,
    )
    assert provider.calls == 1


def test_transient_failures_give_up_after_the_last_try(
    people: People, monkeypatch: pytest.MonkeyPatch, _frozen_time: time_machine.Traveller
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 1)
    provider = FlakyProvider(*(transient() for _ in range(10)))
    monkeypatch.setattr(channels, "send", provider)
    reminders.plan_reminders()
    for delay in reminders.RETRY_DELAYS:
        _frozen_time.shift(delay.total_seconds())
        reminders.plan_reminders()
    _frozen_time.shift(3 * 3600)
    reminders.plan_reminders()
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == (ReminderStatus.FAILED, reminders.MAX_ATTEMPTS)
    assert provider.calls == reminders.MAX_ATTEMPTS
    assert not OutboxMessage.objects.exists()


def test_a_retry_never_moves_to_the_next_day(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 1)
    monkeypatch.setattr(channels, "send", FlakyProvider(transient()))
    with time_machine.travel(dt.datetime(2024, 4, 24, 23, 58, tzinfo=JAKARTA), tick=False):
        reminders.plan_reminders()
    assert Reminder.objects.get().status == ReminderStatus.FAILED


def test_a_retry_left_from_yesterday_is_given_up_not_sent(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    (participant,) = _people(campaign, people, 1)
    monkeypatch.setattr(channels, "send", FlakyProvider(transient()))
    reminders.plan_reminders()
    with time_machine.travel(dt.datetime(2024, 4, 25, 8, 0, tzinfo=JAKARTA), tick=False):
        reminders.plan_reminders()
    rows = dict(Reminder.objects.values_list("day", "status"))
    assert rows == {DAYS[0]: ReminderStatus.FAILED, DAYS[1]: ReminderStatus.SENT}
    assert OutboxMessage.objects.filter(recipient=participant.phone).count() == 1


def test_a_participants_own_choice_comes_before_the_campaigns_order(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    unit = people.p.unit_a
    both = {"phone": "+6281200000001", "email": "a@klaten.example.org"}
    Participant.objects.create(
        campaign=campaign, agency=unit, name="Email", reminder_channel="email", **both
    )
    Participant.objects.create(campaign=campaign, agency=unit, name="Auto", **both)
    Participant.objects.create(
        campaign=campaign, agency=unit, name="Off", reminder_channel=ReminderPreference.NONE, **both
    )
    # Chose Telegram but never connected it: the campaign's order applies.
    Participant.objects.create(
        campaign=campaign, agency=unit, name="Tg", reminder_channel="telegram", phone="+628125"
    )
    assert reminders.plan_reminders() == 3
    assert sorted(Reminder.objects.values_list("participant__name", "channel")) == [
        ("Auto", "whatsapp"),
        ("Email", "email"),
        ("Tg", "whatsapp"),
    ]
    assert [m.to for m in mail.outbox] == [["a@klaten.example.org"]]


def test_a_choice_the_campaign_does_not_offer_falls_back_to_its_order(people: People) -> None:
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], reminder_channels=["whatsapp"]
    )
    Participant.objects.create(
        campaign=campaign,
        agency=people.p.unit_a,
        name="A",
        phone="+6281200000001",
        email="a@klaten.example.org",
        reminder_channel="email",
    )
    reminders.plan_reminders()
    assert Reminder.objects.get().channel == "whatsapp"


def test_turning_reminders_off_after_planning_skips_the_reminder(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    (participant,) = _people(campaign, people, 1)
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ):
        reminders.plan_reminders()
    actions.set_reminder_channel(participant=participant, channel=ReminderPreference.NONE)
    counts = reminders.send_chunk(campaign.pk, DAYS[0], [participant.pk])
    assert counts["skipped"] == 1
    assert not OutboxMessage.objects.exists()


def test_the_dashboard_shows_how_todays_reminders_went(
    people: People, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cegah.campaigns.tests.test_campaigns import login

    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _people(campaign, people, 3)
    provider = FlakyProvider(
        channels.DeliveryError("HTTP 400: invalid recipient"), transient("HTTP 429: slow down")
    )
    monkeypatch.setattr(channels, "send", provider)
    reminders.plan_reminders()
    login(client, people.manager)
    page = client.get(f"/kampanye/{campaign.pk}/dasbor/").content.decode()
    assert "Pengingat hari ini: 1 terkirim, 1 gagal, 1 menunggu atau akan dicoba lagi." in page
