from __future__ import annotations

import pytest
from django.core.mail import send_mail
from django.test import override_settings

from cegah.messaging.models import Channel, OutboxMessage


@pytest.mark.django_db
@override_settings(MAILERS={"default": {"BACKEND": "cegah.messaging.backends.OutboxEmailBackend"}})
def test_outside_production_email_lands_in_the_outbox_per_recipient() -> None:
    send_mail("Kode laporan", "Kode Anda: ABCD-1234", None, ["a@example.org", "b@example.org"])
    rows = list(OutboxMessage.objects.order_by("recipient"))
    assert [(m.channel, m.recipient, m.subject) for m in rows] == [
        (Channel.EMAIL, "a@example.org", "Kode laporan"),
        (Channel.EMAIL, "b@example.org", "Kode laporan"),
    ]
    assert rows[0].body == "Kode Anda: ABCD-1234"


def test_development_settings_never_send_real_email() -> None:
    from cegah import settings

    assert not settings.PRODUCTION
    assert settings.MAILERS["default"]["BACKEND"] == "cegah.messaging.backends.OutboxEmailBackend"
