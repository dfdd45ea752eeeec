"""KPK adds a rules version in the admin: validated, complete, and used from its date on."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from cegah.accounts.models import User
from cegah.gratification.models import Exemption, RulesVersion
from cegah.gratification.rules import LETTERS, STATUTE
from cegah.gratification.tests.factories import assess, letter

ADD_URL = "/en/admin/gratification/rulesversion/add/"


@pytest.fixture
def admin_client(client: Client, db: None) -> Client:
    client.force_login(User.objects.create_superuser("kpk.admin@example.org", "x"))
    return client


def version_form(effective_from: str = "2026-10-01", **overrides: Any) -> dict[str, Any]:
    """The admin form for a copy of PerKPK 1/2026, with letter l raised to Rp2,000,000."""
    data: dict[str, Any] = {
        "regulation": "Peraturan KPK Nomor 9 Tahun 2026",
        "regulation_title": "tentang Perubahan Kedua",
        "short_citation": "PerKPK 9/2026",
        "effective_from": effective_from,
        "report_deadline_working_days": "30",
        "upg_deadline_working_days": "10",
        "completion_working_days": "20",
        "amends": str(RulesVersion.objects.get(effective_from="2019-10-17").pk),
        "statute": STATUTE,
        "duty_article": "Pasal 2 ayat (1)",
        "decision_basis": "Peraturan KPK Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi",
        "handover_working_days": "7",
        "notes": "",
        "sources": "",
        "exemptions-TOTAL_FORMS": str(len(LETTERS)),
        "exemptions-INITIAL_FORMS": "0",
        "exemptions-MIN_NUM_FORMS": "0",
        "exemptions-MAX_NUM_FORMS": "1000",
    }
    current = RulesVersion.objects.get(effective_from="2026-01-20")
    for i, exemption in enumerate(current.exemptions.order_by("letter")):
        prefix = f"exemptions-{i}-"
        data |= {
            prefix + "letter": exemption.letter,
            prefix + "article": exemption.article,
            prefix + "title_id": exemption.title_id,
            prefix + "title_en": exemption.title_en,
            prefix + "max_per_gift_idr": (
                "2000000" if exemption.letter == "l" else exemption.max_per_gift_idr or ""
            ),
            prefix + "max_per_giver_per_year_idr": exemption.max_per_giver_per_year_idr or "",
            prefix + "conditions": json.dumps(exemption.conditions),
            prefix + "notes": "",
        }
        if exemption.repealed:
            data[prefix + "repealed"] = "on"
        if exemption.void_if_conflict_of_interest:
            data[prefix + "void_if_conflict_of_interest"] = "on"
    data.update(overrides)
    return data


def test_a_complete_new_version_is_saved_and_used_from_its_effective_date(
    admin_client: Client,
) -> None:
    wedding = {"occasion": "wedding", "form": "money", "value_idr": 1_800_000}
    # Read once, so that this process holds a snapshot of the rules before the change.
    assert assess(admin_client, received_on="2026-10-01", **wedding)["must_report"] is True
    response = admin_client.post(ADD_URL, version_form())
    assert response.status_code == 302, response.context["errors"]
    version = RulesVersion.objects.get(short_citation="PerKPK 9/2026")
    assert version.exemptions.count() == 17
    assert version.exemptions.get(letter="n").repealed
    before = assess(admin_client, received_on="2026-09-30", **wedding)
    assert before["must_report"] is True
    after = assess(admin_client, received_on="2026-10-01", **wedding)
    assert letter(after) == "l"
    assert after["rules_version"]["regulation"] == "Peraturan KPK Nomor 9 Tahun 2026"


def test_a_version_without_every_letter_is_refused(admin_client: Client) -> None:
    data = version_form(**{"exemptions-TOTAL_FORMS": "16"})
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "missing: q" in response.content.decode()
    assert not RulesVersion.objects.filter(short_citation="PerKPK 9/2026").exists()


def test_a_letter_listed_twice_is_refused(admin_client: Client) -> None:
    response = admin_client.post(ADD_URL, version_form(**{"exemptions-16-letter": "p"}))
    assert response.status_code == 200
    assert response.context["errors"]
    assert RulesVersion.objects.count() == 2


def test_conditions_naming_an_unknown_value_are_refused(admin_client: Client) -> None:
    bad = json.dumps({"kinds": ["bribe"]})
    response = admin_client.post(ADD_URL, version_form(**{"exemptions-0-conditions": bad}))
    assert response.status_code == 200
    assert "These conditions are not valid: kinds.0:" in response.content.decode()
    assert RulesVersion.objects.count() == 2


def test_conditions_with_an_unknown_key_are_refused(admin_client: Client) -> None:
    bad = json.dumps({"giver": ["family"]})
    response = admin_client.post(ADD_URL, version_form(**{"exemptions-0-conditions": bad}))
    assert response.status_code == 200
    assert "These conditions are not valid: giver:" in response.content.decode()


def test_a_yearly_limit_below_the_limit_per_gift_is_refused(admin_client: Client) -> None:
    data = version_form(**{"exemptions-14-max_per_giver_per_year_idr": "100000"})
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "The yearly limit cannot be lower than the limit per gift." in (
        response.content.decode()
    )


def test_a_repealed_letter_cannot_keep_a_limit(admin_client: Client) -> None:
    data = version_form(**{"exemptions-13-max_per_gift_idr": "300000"})
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "A repealed letter has no limits." in response.content.decode()


def test_two_versions_cannot_take_effect_on_the_same_day(admin_client: Client) -> None:
    response = admin_client.post(ADD_URL, version_form(effective_from="2026-01-20"))
    assert response.status_code == 200
    assert RulesVersion.objects.count() == 2


def test_the_upg_deadline_cannot_be_later_than_kpks(admin_client: Client) -> None:
    data = version_form(upg_deadline_working_days="31")
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert RulesVersion.objects.count() == 2


def test_every_loaded_exemption_passes_the_same_validation(db: None) -> None:
    for version in RulesVersion.objects.all():
        version.full_clean()
    for exemption in Exemption.objects.all():
        exemption.full_clean()
    assert sorted(RulesVersion.objects.values_list("short_citation", flat=True)) == [
        "PerKPK 1/2026",
        "PerKPK 2/2019",
    ]
    for version in RulesVersion.objects.all():
        assert "".join(version.exemptions.values_list("letter", flat=True)) == "".join(LETTERS)


def test_the_form_offers_a_preview(admin_client: Client) -> None:
    response = admin_client.get(ADD_URL)
    assert 'name="_preview"' in response.content.decode()


def test_the_preview_compares_sample_gifts_with_the_rules_in_force_without_saving(
    admin_client: Client,
) -> None:
    # Letter l back at the Rp1,000,000 of 2019 (PerKPK 1/2026 allows Rp1,500,000).
    data = version_form(_preview="1", **{"exemptions-11-max_per_gift_idr": "1000000"})
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not RulesVersion.objects.filter(short_citation="PerKPK 9/2026").exists()
    assert Exemption.objects.count() == 34
    wedding, parcel, envelope = response.context["rows"]
    assert "wedding gift of Rp1,200,000" in str(wedding.label)
    assert wedding.edited.must_report and wedding.changed
    assert wedding.current.exemption.letter == "l" and not wedding.current.must_report
    assert wedding.current.rules.short_citation == "PerKPK 1/2026"
    # A contractor's parcel and a parent's envelope must be reported under both.
    for row in (parcel, envelope):
        assert row.edited.must_report and row.current.must_report and not row.changed
    html = response.content.decode()
    assert "Need not be reported (letter l, PerKPK 1/2026)" in html
    assert html.count("Must be reported") == 5
    assert html.count("Changed") == 1


def test_the_preview_of_a_saved_version_uses_the_form_not_the_database(
    admin_client: Client,
) -> None:
    version = RulesVersion.objects.get(effective_from="2026-01-20")
    data = version_form(effective_from="2026-01-20", _preview="1")
    data["regulation"] = version.regulation
    data["short_citation"] = version.short_citation
    data["exemptions-INITIAL_FORMS"] = str(len(LETTERS))
    for i, exemption in enumerate(version.exemptions.order_by("letter")):
        data[f"exemptions-{i}-id"] = str(exemption.pk)
        data[f"exemptions-{i}-version"] = str(version.pk)
    url = f"/en/admin/gratification/rulesversion/{version.pk}/change/"
    response = admin_client.post(url, data)
    assert response.status_code == 200, response.context.get("errors")
    assert response.context["errors"] == []
    # version_form raises letter l to Rp2,000,000: the wedding gift is still exempt, but the
    # raise shows in the edited version only, and nothing is saved.
    wedding = response.context["rows"][0]
    assert wedding.edited.exemption.max_per_gift_idr == 2_000_000
    assert wedding.current.exemption.max_per_gift_idr == 1_500_000
    assert version.exemptions.get(letter="l").max_per_gift_idr == 1_500_000


def test_an_invalid_version_shows_its_errors_instead_of_a_preview(admin_client: Client) -> None:
    data = version_form(_preview="1", **{"exemptions-TOTAL_FORMS": "16"})
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "missing: q" in response.content.decode()
    assert RulesVersion.objects.count() == 2
