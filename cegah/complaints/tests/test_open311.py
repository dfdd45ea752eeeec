"""Open311 GeoReport v2, through the HTTP layer: POST and tokens with the test client.

The reading side is also tested with the real client library in `test_open311_client.py`.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from cegah.api.actions import create_api_key
from cegah.api.models import ApiKey
from cegah.complaints import actions
from cegah.complaints.models import Complaint, Status
from cegah.complaints.tests.factories import DESCRIPTION, JAKARTA, forwarded, submit
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")

BASE = "/open311/v2"


@pytest.fixture
def api_key(db: None) -> str:
    _key, secret = create_api_key(name="aplikasi-warga")
    return secret


def post(client: Client, fmt: str = "json", **values: str) -> Any:
    data = {
        "service_code": "pendidikan",
        "attribute[region]": "33.10",
        "description": DESCRIPTION,
    }
    data.update(values)
    return client.post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def xml(response: Any) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def test_discovery_names_the_endpoint_and_its_formats(client: Client, db: None) -> None:
    response = client.get(f"{BASE}/discovery.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    (endpoint,) = response.json()["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["type"] == "test"
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.iterfind("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_the_services_are_the_active_categories(client: Client, db: None) -> None:
    from cegah.complaints.models import Category

    Category.objects.filter(code="lainnya").update(is_active=False)
    services = client.get(f"{BASE}/services.json").json()
    codes = [s["service_code"] for s in services]
    assert codes[0] == "pendidikan" and "lainnya" not in codes and len(codes) == 9
    assert services[0]["service_name"] == "Pendidikan/sekolah"
    assert services[0]["metadata"] is True and services[0]["type"] == "realtime"
    english = client.get(f"{BASE}/services.json", headers={"Accept-Language": "en"}).json()
    assert english[0]["service_name"] == "Education/schools"
    root = xml(client.get(f"{BASE}/services.xml"))
    assert [e.text for e in root.iterfind("service/service_code")] == codes
    assert root.find("service/metadata").text == "true"  # type: ignore[union-attr]


def test_the_service_definition_requires_a_region(client: Client, db: None) -> None:
    definition = client.get(f"{BASE}/services/desa.json").json()
    assert definition["service_code"] == "desa"
    region = definition["attributes"][0]
    assert (region["code"], region["required"], region["datatype"], region["order"]) == (
        "region",
        True,
        "string",
        1,
    )
    assert "33.10" in region["datatype_description"]
    assert [a["required"] for a in definition["attributes"][1:]] == [False, False, False]
    root = xml(client.get(f"{BASE}/services/desa.xml"))
    assert root.tag == "service_definition"
    attribute = root.find("attributes/attribute")
    assert attribute is not None
    assert attribute.findtext("code") == "region"
    assert attribute.findtext("required") == "true"
    values = [v.findtext("key") for v in root.iterfind("attributes/attribute/values/value")]
    assert values == ["true", "false"]


def test_an_unknown_service_is_a_404_in_the_format_asked(client: Client, db: None) -> None:
    response = client.get(f"{BASE}/services/astrologi.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "service_code 'astrologi' not found"}]
    response = client.get(f"{BASE}/services/astrologi.xml")
    assert response.status_code == 404
    assert xml(response).findtext("error/code") == "404"


@pytest.mark.parametrize("key", [None, "", "cgk_not-a-key"])
def test_posting_without_a_valid_key_is_refused_with_403(
    client: Client, db: None, key: str | None
) -> None:
    response = post(client, api_key=key)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert response.json()[0]["code"] == 403
    assert Complaint.objects.count() == 0


def test_a_revoked_key_is_refused(client: Client, api_key: str) -> None:
    ApiKey.objects.update(revoked_at=timezone.now())
    assert post(client, api_key=api_key).status_code == 403
    assert Complaint.objects.count() == 0


def test_posting_files_an_anonymous_complaint_and_returns_its_id_and_token(
    client: Client, api_key: str, mailoutbox: list[Any]
) -> None:
    response = post(
        client,
        api_key=api_key,
        **{"attribute[place]": "SD Negeri 1 Klaten", "attribute[incident_date]": "2026-03-02"},
    )
    assert response.status_code == 201
    (answer,) = response.json()
    complaint = Complaint.objects.get()
    assert answer["service_request_id"] == str(complaint.pk)
    assert answer["token"] == complaint.display_code
    assert complaint.display_code in answer["service_notice"]
    assert complaint.anonymous and not complaint.confidential
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "",
        "",
        "",
    )
    assert complaint.category.code == "pendidikan"
    assert complaint.region_id == "33.10"
    assert complaint.place == "SD Negeri 1 Klaten"
    assert complaint.incident_date == dt.date(2026, 3, 2)
    assert complaint.status == Status.RECEIVED
    assert mailoutbox == []
    # The reporter follows it with the token alone.
    assert client.get(f"/keluhan/{answer['token']}/").status_code == 200


def test_a_key_in_the_header_works_too(client: Client, api_key: str) -> None:
    response = client.post(
        f"{BASE}/requests.xml",
        {"service_code": "desa", "attribute[region]": "33.10.25", "description": DESCRIPTION},
        headers={"X-API-Key": api_key},
    )
    assert response.status_code == 201
    root = xml(response)
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == str(Complaint.objects.get().pk)
    assert root.findtext("request/token") == Complaint.objects.get().display_code


def test_a_name_or_email_makes_a_named_complaint_and_emails_the_receipt(
    client: Client, api_key: str, mailoutbox: list[Any]
) -> None:
    response = post(
        client,
        api_key=api_key,
        first_name="Sri",
        last_name="Rahayu",
        email="sri@example.org",
        phone="0812-3456-7890",
    )
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert not complaint.anonymous
    assert complaint.reporter_name == "Sri Rahayu"
    assert complaint.reporter_email == "sri@example.org"
    assert complaint.reporter_phone == "+6281234567890"
    assert not complaint.consent_to_share_identity
    assert [m.to for m in mailoutbox] == [["sri@example.org"]]
    assert complaint.display_code in mailoutbox[0].body


@pytest.mark.parametrize(
    ("values", "status", "words"),
    [
        ({"service_code": ""}, 400, "service_code"),
        ({"service_code": "astrologi"}, 404, "service_code"),
        ({"attribute[region]": ""}, 400, "attribute[region]"),
        ({"attribute[region]": "33"}, 400, "attribute[region]"),
        ({"attribute[region]": "99.99"}, 400, "attribute[region]"),
        ({"description": "pendek"}, 400, "description"),
        ({"description": "x" * 5001}, 400, "description"),
        ({"email": "bukan-email"}, 400, "email"),
        ({"phone": "123"}, 400, "phone"),
        ({"attribute[incident_date]": "2999-01-01"}, 400, "incident_date"),
        ({"attribute[incident_date]": "kemarin"}, 400, "incident_date"),
        ({"attribute[confidential]": "mungkin"}, 400, "confidential"),
        ({"attribute[place]": "x" * 201}, 400, "place"),
    ],
)
def test_bad_requests_are_refused_naming_the_field(
    client: Client, api_key: str, values: dict[str, str], status: int, words: str
) -> None:
    response = post(client, api_key=api_key, **values)
    assert response.status_code == status
    (error,) = response.json()
    assert error["code"] == status
    assert words in error["description"]
    assert Complaint.objects.count() == 0


def test_a_confidential_complaint_is_never_listed_but_its_token_still_resolves(
    client: Client, api_key: str
) -> None:
    answer = post(client, api_key=api_key, **{"attribute[confidential]": "true"}).json()[0]
    complaint = Complaint.objects.get()
    assert complaint.confidential
    assert client.get(f"{BASE}/requests.json").json() == []
    assert client.get(f"{BASE}/requests/{complaint.pk}.json").status_code == 404
    ids = client.get(f"{BASE}/requests.json", {"service_request_id": str(complaint.pk)}).json()
    assert ids == []
    tokens = client.get(f"{BASE}/tokens/{answer['token']}.json").json()
    assert tokens == [{"service_request_id": str(complaint.pk), "token": answer["token"]}]


def test_a_token_resolves_in_both_formats_typed_any_way(client: Client, db: None) -> None:
    complaint = submit()
    typed = complaint.tracking_code.lower()
    assert client.get(f"{BASE}/tokens/{typed}.json").json() == [
        {"service_request_id": str(complaint.pk), "token": complaint.display_code}
    ]
    root = xml(client.get(f"{BASE}/tokens/{complaint.display_code}.xml"))
    assert root.findtext("request/service_request_id") == str(complaint.pk)
    assert root.findtext("request/token") == complaint.display_code


def test_an_unknown_token_is_a_404(client: Client, db: None) -> None:
    assert client.get(f"{BASE}/tokens/K7QM-2XRA-9FTB-H4WD.json").status_code == 404
    assert client.get(f"{BASE}/tokens/123.xml").status_code == 404


def test_token_look_ups_are_rate_limited(client: Client, db: None, settings: Any) -> None:
    settings.COMPLAINTS_LOOKUP_RATE = "1/minute"
    assert client.get(f"{BASE}/tokens/K7QM-2XRA-9FTB-H4WD.json").status_code == 404
    assert client.get(f"{BASE}/tokens/K7QM-2XRA-9FTB-H4WD.json").status_code == 429


def test_requests_carry_no_personal_data_in_either_format(
    client: Client, personas: Personas
) -> None:
    named = forwarded(
        personas,
        place="SD Negeri 1 Klaten",
        reporter_phone="+6281234567890",
        consent_to_share_identity=True,
    )
    anonymous = submit(anonymous=True, reporter_name="", reporter_email="")
    listing = client.get(f"{BASE}/requests.json")
    data = listing.json()
    assert sorted(r["service_request_id"] for r in data) == sorted(
        [str(named.pk), str(anonymous.pk)]
    )
    one = client.get(f"{BASE}/requests/{named.pk}.json").json()[0]
    assert one["status"] == "open"
    assert one["status_notes"] == "Diteruskan ke instansi"
    assert one["service_code"] == "pendidikan"
    assert one["agency_responsible"] == "Pemerintah Kabupaten Klaten"
    assert one["address"] == "Kabupaten Klaten, Jawa Tengah"
    assert one["address_id"] == "33.10"
    assert one["description"] is None and one["media_url"] is None
    assert one["requested_datetime"].endswith("+07:00")
    assert one["expected_datetime"].endswith("T23:59:59+07:00")
    for response in (
        listing,
        client.get(f"{BASE}/requests.xml"),
        client.get(f"{BASE}/requests/{named.pk}.xml"),
        client.get(f"{BASE}/requests/{anonymous.pk}.json"),
    ):
        text = response.content.decode()
        for secret in (
            "Sri Rahayu",
            "sri@example.org",
            "6281234567890",
            DESCRIPTION[:25],
            "SD Negeri 1",
            "Klaten Tengah",
            named.tracking_code,
            named.display_code,
            anonymous.display_code,
        ):
            assert secret not in text, secret


def test_status_is_open_or_closed_with_our_status_in_the_notes(
    client: Client, personas: Personas
) -> None:
    waiting = submit()
    duplicate = submit()
    actions.close_complaint(actor=personas.kpk_officer, complaint=duplicate, reason="duplicate")
    fixed = forwarded(personas)
    actions.resolve_complaint(actor=personas.admin_a, complaint=fixed, reply="Sudah.")

    def notes(**params: str) -> dict[str, tuple[str, str]]:
        data = client.get(f"{BASE}/requests.json", params).json()
        return {r["service_request_id"]: (r["status"], r["status_notes"]) for r in data}

    assert notes() == {
        str(waiting.pk): ("open", "Diterima"),
        str(duplicate.pk): ("closed", "Ditutup: Sama dengan keluhan lain"),
        str(fixed.pk): ("closed", "Selesai"),
    }
    assert set(notes(status="open")) == {str(waiting.pk)}
    assert set(notes(status="closed")) == {str(duplicate.pk), str(fixed.pk)}
    assert len(notes(status="open,closed")) == 3
    resolved = client.get(f"{BASE}/requests/{fixed.pk}.json").json()[0]
    assert resolved["expected_datetime"] is None


def test_requests_filter_by_service_code_dates_and_ids(client: Client, db: None) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=JAKARTA), tick=False):
        january = submit()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=JAKARTA), tick=False):
        march = submit(category="desa")
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=JAKARTA), tick=False):

        def ids(**params: str) -> list[str]:
            return [
                r["service_request_id"] for r in client.get(f"{BASE}/requests.json", params).json()
            ]

        assert ids() == [str(march.pk), str(january.pk)]  # the last 90 days, newest first
        assert ids(service_code="desa") == [str(march.pk)]
        assert ids(service_code="desa,pendidikan") == [str(march.pk), str(january.pk)]
        assert ids(start_date="2026-02-01T00:00:00Z") == [str(march.pk)]
        assert ids(end_date="2026-02-01T00:00:00+07:00") == [str(january.pk)]
        assert ids(start_date="2026-01-01T00:00:00Z", end_date="2026-01-31T23:59:59Z") == [
            str(january.pk)
        ]
        # service_request_id overrides every other filter
        assert ids(service_request_id=f"{january.pk},{march.pk}", service_code="desa") == [
            str(march.pk),
            str(january.pk),
        ]
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=JAKARTA), tick=False):
        assert client.get(f"{BASE}/requests.json").json() == []  # older than 90 days


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "kemarin"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
        {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},
        {"status": "pending"},
        {"service_request_id": "1,abc"},
    ],
)
def test_bad_search_parameters_are_a_400(client: Client, db: None, params: dict[str, str]) -> None:
    response = client.get(f"{BASE}/requests.xml", params)
    assert response.status_code == 400
    assert xml(response).findtext("error/code") == "400"


def test_an_unknown_request_id_is_a_404(client: Client, db: None) -> None:
    response = client.get(f"{BASE}/requests/999.json")
    assert response.status_code == 404
    assert json.loads(response.content)[0]["code"] == 404
