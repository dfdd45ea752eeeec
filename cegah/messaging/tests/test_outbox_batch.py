"""The sink in batches: many messages stored in one insert at the end of `channels.batch()`,
none when the block fails; and a batch's share of a channel's rate."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from cegah.messaging import channels, throttle
from cegah.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_in_a_batch_the_sink_stores_every_message_at_the_end_of_the_block() -> None:
    assert channels.in_transaction("whatsapp")
    with channels.batch():
        for i in range(3):
            channels.send("whatsapp", f"+6281200000{i}", f"Halo {i}", key=f"k:{i}")
        assert not OutboxMessage.objects.exists()
    stored = sorted(OutboxMessage.objects.values_list("recipient", "body", "key"))
    assert stored == [(f"+6281200000{i}", f"Halo {i}", f"k:{i}") for i in range(3)]


def test_a_batch_that_fails_stores_nothing() -> None:
    with pytest.raises(RuntimeError), channels.batch():
        channels.send("telegram", "42", "Halo", key="k:1")
        raise RuntimeError
    assert not OutboxMessage.objects.exists()
    # Outside a batch the sink stores each message at once, as before.
    channels.send("telegram", "42", "Halo", key="k:2")
    assert OutboxMessage.objects.get().key == "k:2"


def test_email_is_not_sent_inside_the_callers_transaction() -> None:
    assert not channels.in_transaction("email")


@override_settings(MESSAGING_RATES={"whatsapp": "2/second"})
def test_a_batch_waits_as_long_as_its_messages_would_one_by_one() -> None:
    throttle.limiter().storage.reset()
    with time_machine.travel(dt.datetime(2024, 4, 24, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        # Five messages at two a second: taken in parts of two (more than the rate's amount
        # would never fit at once), so two seconds of waiting.
        waited = throttle.wait_turn("whatsapp", clock.shift, cost=5)
    throttle.limiter().storage.reset()
    assert waited >= 2.0
