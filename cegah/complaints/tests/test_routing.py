from __future__ import annotations

import pytest
from django.test import Client

from cegah.complaints.models import Category, RoutingRule, propose_agency
from cegah.complaints.tests.factories import login, submit
from cegah.regions.models import Region
from cegah.test import Personas, make_agency

pytestmark = pytest.mark.usefixtures("regions")


def rule(category: str | None, region: str, agency: object, **values: object) -> RoutingRule:
    return RoutingRule.objects.create(
        category=Category.objects.get(code=category) if category else None,
        region=Region.objects.get(code=region),
        agency=agency,
        **values,
    )


def test_the_most_specific_rule_proposes_the_agency(personas: Personas) -> None:
    education = Category.objects.get(code="pendidikan")
    district = Region.objects.get(code="33.10.25")
    rule(None, "33", personas.agency_b)
    assert propose_agency(education, district) == personas.agency_b
    rule(None, "33.10", personas.agency_a)
    assert propose_agency(education, district) == personas.agency_a
    rule("pendidikan", "33.10", personas.unit_a)
    assert propose_agency(education, district) == personas.unit_a
    assert propose_agency(Category.objects.get(code="desa"), district) == personas.agency_a


def test_inactive_rules_and_agencies_are_skipped(personas: Personas) -> None:
    education = Category.objects.get(code="pendidikan")
    district = Region.objects.get(code="33.10.25")
    rule("pendidikan", "33.10", personas.agency_b, is_active=False)
    closed = make_agency("tutup", type="national_agency", is_active=False)
    rule("pendidikan", "33.10.25", closed)
    assert propose_agency(education, district) == personas.agency_a  # the regional government


def test_without_a_rule_the_regional_government_is_proposed(personas: Personas) -> None:
    education = Category.objects.get(code="pendidikan")
    assert propose_agency(education, Region.objects.get(code="33.10.25")) == personas.agency_a
    assert propose_agency(education, Region.objects.get(code="51.71")) == personas.agency_b


def test_the_verifier_may_forward_elsewhere_than_proposed(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    verifier = login(client, personas.kpk_officer)
    verifier.post(f"/keluhan/kelola/{complaint.pk}/verifikasi/", {})
    page = verifier.get(f"/keluhan/kelola/{complaint.pk}/").content.decode()
    assert f'<option value="{personas.agency_a.pk}" selected>' in page
    verifier.post(f"/keluhan/kelola/{complaint.pk}/teruskan/", {"agency": personas.unit_a.pk})
    complaint.refresh_from_db()
    assert complaint.agency == personas.unit_a
