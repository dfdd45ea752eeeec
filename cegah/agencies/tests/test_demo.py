from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from cegah.accounts.models import Membership, Role, User
from cegah.agencies.demo import DEMO_PASSWORD
from cegah.agencies.models import Agency, AgencyType


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_world_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    klaten = Agency.objects.get(code="pemkab-klaten")
    assert klaten.region is not None and klaten.region.name == "Kabupaten Klaten"
    assert klaten.children.count() >= 16
    assert {
        "klaten-setda",
        "klaten-inspektorat",
        "klaten-diskominfo",
        "klaten-disdik",
        "klaten-dinkes",
        "klaten-dpmptsp",
    } <= set(klaten.children.values_list("code", flat=True))
    assert Agency.objects.get(code="kpk").type == AgencyType.KPK
    assert Agency.objects.filter(code__in=["bali-diskominfos", "sumsel-diskominfo"]).count() == 2
    kpk_roles = set(
        Membership.objects.filter(user__email="kpk@demo.example").values_list("role", flat=True)
    )
    assert {Role.KPK_OFFICER, Role.VERIFIER, Role.GRATIFICATION_OFFICER, Role.EDITOR} <= kpk_roles
    counts = (Agency.objects.count(), User.objects.count(), Membership.objects.count())

    call_command("seed_demo")
    assert (Agency.objects.count(), User.objects.count(), Membership.objects.count()) == counts


@pytest.mark.django_db
def test_demo_logins_work_with_the_printed_password(client: Client) -> None:
    call_command("seed_demo")
    response = client.post(
        "/akun/login/", {"login": "asn.klaten@demo.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/akun/profil/").status_code == 200


@pytest.mark.django_db
@override_settings(PRODUCTION=True)
def test_seed_demo_is_refused_in_production() -> None:
    with pytest.raises(CommandError, match="refused in production"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_demo_dry_run_reports_and_saves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo", "--dry-run")
    assert "Dry run, nothing saved: 26 agencies and 6 logins" in capsys.readouterr().out
    assert not Agency.objects.exists()
    assert not User.objects.exists()
