"""The demo seeding: offices in Klaten and Bali with standards and sector figures, twice."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.offices.demo import OFFICES, seed_offices_demo
from cegah.offices.models import Office, SchoolFunds, ServiceStandard, VillageFunds
from cegah.offices.tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_demo_seeding_is_idempotent_and_pages_show_it(client: Client) -> None:
    make_service("ktp-el", "KTP elektronik")
    make_service()
    seed_offices_demo(dry_run=False)
    seed_offices_demo(dry_run=False)
    assert Office.objects.count() == len(OFFICES)
    assert ServiceStandard.objects.filter(service__code="akta-kelahiran").exists()
    assert SchoolFunds.objects.exists() and VillageFunds.objects.exists()
    page = client.get("/unit-layanan/DEMO-DUKCAPIL-3310/").content.decode()
    assert "KTP elektronik" in page and "GRATIS" in page
    region = client.get("/unit-layanan/wilayah/51/").content.decode()
    assert "Kantor Imigrasi Kelas I TPI Denpasar" in region
