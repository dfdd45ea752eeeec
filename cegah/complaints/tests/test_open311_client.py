"""The real Open311 client library (`georeport`) reads our GeoReport v2 endpoint from a live
server, in JSON and in XML."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
import requests
from django.apps import apps
from georeport import GeoReport

from cegah.complaints import actions
from cegah.complaints.tests.factories import DESCRIPTION, forwarded, submit
from cegah.test import Personas

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("regions")]

_seed = importlib.import_module("cegah.complaints.migrations.0002_seed_categories")


@pytest.fixture(autouse=True)
def _categories(transactional_db: None) -> None:
    """A transactional test may start after another one flushed the migration's data."""
    _seed.seed(apps, None)


def as_list(value: Any) -> list[Any]:
    """xmltodict gives a lone element as a dict and several as a list."""
    return value if isinstance(value, list) else [value]


@pytest.fixture
def endpoint(live_server: Any) -> str:
    return f"{live_server.url}/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_client_reads_the_services_and_a_service_definition(endpoint: str, fmt: str) -> None:
    client = GeoReport(endpoint, output_format=fmt)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert codes[:2] == ["pendidikan", "kampus"] and len(codes) == 10
    assert services[0]["service_name"] == "Pendidikan/sekolah"
    assert str(services[0]["metadata"]).lower() == "true"

    definition = client.get_service_definition("pendidikan")
    assert definition["service_code"] == "pendidikan"
    attributes = (
        definition["attributes"]
        if fmt == "json"
        else as_list(definition["attributes"]["attribute"])
    )
    region = attributes[0]
    assert region["code"] == "region"
    assert str(region["required"]).lower() == "true"
    assert "33.10" in region["datatype_description"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_client_reads_requests_without_personal_data_or_confidential_ones(
    endpoint: str, personas: Personas, fmt: str
) -> None:
    listed = forwarded(personas, reporter_phone="+6281234567890", place="SD Negeri 1 Klaten")
    village = submit(category="desa", region="33.10.01")
    actions.close_complaint(actor=personas.kpk_officer, complaint=village, reason="spam")
    hidden = forwarded(personas, confidential=True)
    client = GeoReport(endpoint, output_format=fmt)

    everything = as_list(client.get_service_requests())
    assert sorted(r["service_request_id"] for r in everything) == sorted(
        [str(listed.pk), str(village.pk)]
    )
    assert str(hidden.pk) not in {r["service_request_id"] for r in everything}

    (one,) = as_list(client.get_service_requests(service_code="pendidikan"))
    assert one["service_request_id"] == str(listed.pk)
    assert one["status"] == "open"
    assert one["status_notes"] == "Diteruskan ke instansi"
    assert one["agency_responsible"] == "Pemerintah Kabupaten Klaten"
    assert one["address"] == "Kabupaten Klaten, Jawa Tengah"
    assert not one.get("description")

    (closed,) = as_list(client.get_service_requests(status="closed"))
    assert closed["service_request_id"] == str(village.pk)
    assert closed["status_notes"] == "Ditutup: Spam"

    detail = client.get_service_request(str(listed.pk))
    assert detail["service_request_id"] == str(listed.pk)
    assert detail["service_code"] == "pendidikan"

    raw = requests.get(f"{endpoint}/requests.{fmt}", timeout=10).text
    for secret in ("Sri Rahayu", "sri@example.org", "6281234567890", DESCRIPTION[:25], "SD Negeri"):
        assert secret not in raw


def test_the_client_gets_a_404_for_a_confidential_request(
    endpoint: str, personas: Personas
) -> None:
    hidden = forwarded(personas, confidential=True)
    with pytest.raises(requests.HTTPError) as raised:
        GeoReport(endpoint).get_service_request(str(hidden.pk))
    assert raised.value.response.status_code == 404
