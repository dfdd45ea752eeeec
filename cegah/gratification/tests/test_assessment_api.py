"""`POST /api/v1/gratification/assessments`: the contract, the version boundary, deadlines,
languages and bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from cegah.gratification.tests.factories import URL, assess, gift, letter, post_assessment

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_the_answer_has_exactly_the_fields_of_the_contract(client: Client) -> None:
    body = assess(client, received_on="2026-03-16", value_idr=2_000_000, form="money")
    assert body == {
        "must_report": True,
        "exemption": None,
        "rules_version": {
            "regulation": "Peraturan KPK Nomor 1 Tahun 2026",
            "effective_from": "2026-01-20",
        },
        "deadline": "2026-05-06",
        "upg_deadline": "2026-04-07",
        "deadline_passed": True,
        "burden_of_proof_on_recipient": False,
        "legal_basis": [
            "Pasal 12B dan Pasal 12C Undang-Undang Nomor 31 Tahun 1999 tentang Pemberantasan "
            "Tindak Pidana Korupsi sebagaimana diubah dengan Undang-Undang Nomor 20 Tahun 2001",
            "Pasal 2 ayat (1) Peraturan KPK Nomor 2 Tahun 2019 sebagaimana diubah dengan "
            "Peraturan KPK Nomor 1 Tahun 2026",
        ],
        "reasons": body["reasons"],
        "advice": body["advice"],
    }
    assert all(isinstance(sentence, str) and sentence for sentence in body["reasons"])


def test_a_wedding_gift_of_rp1200000_on_19_january_2026_is_judged_by_the_2019_rules(
    client: Client,
) -> None:
    body = assess(
        client, received_on="2026-01-19", occasion="wedding", form="money", value_idr=1_200_000
    )
    assert body["rules_version"] == {
        "regulation": "Peraturan KPK Nomor 2 Tahun 2019",
        "effective_from": "2019-10-17",
    }
    assert body["must_report"] is True
    assert "at most Rp1,000,000 per gift" in " ".join(body["reasons"])


def test_the_same_gift_on_20_january_2026_is_judged_by_the_2026_rules(client: Client) -> None:
    body = assess(
        client, received_on="2026-01-20", occasion="wedding", form="money", value_idr=1_200_000
    )
    assert body["rules_version"] == {
        "regulation": "Peraturan KPK Nomor 1 Tahun 2026",
        "effective_from": "2026-01-20",
    }
    assert body["must_report"] is False
    assert body["exemption"] == {
        "regulation": "Peraturan KPK Nomor 1 Tahun 2026",
        "article": "Pasal 2 ayat (3)",
        "letter": "l",
        "title": "Gifts at an engagement, wedding, birth, aqiqah, baptism, circumcision, tooth "
        "filing or other customary or religious ceremony",
        "citation": "Pasal 2 ayat (3) huruf l Peraturan KPK Nomor 2 Tahun 2019 sebagaimana "
        "diubah dengan Peraturan KPK Nomor 1 Tahun 2026",
    }


def test_a_colleagues_farewell_gift_of_rp400000_changes_answer_at_the_version_boundary(
    client: Client,
) -> None:
    fields: dict[str, Any] = {
        "giver_relation": "colleague", "occasion": "farewell", "value_idr": 400_000
    }  # fmt: skip
    assert assess(client, received_on="2026-01-19", **fields)["must_report"] is True
    assert letter(assess(client, received_on="2026-01-20", **fields)) == "o"


def test_a_gift_older_than_every_version_is_judged_by_the_earliest_and_says_so(
    client: Client,
) -> None:
    body = assess(client, received_on="2018-05-02")
    assert body["rules_version"]["effective_from"] == "2019-10-17"
    assert body["reasons"][0].startswith("No version of the rules that Cegah holds was in force")


def test_the_deadlines_skip_idul_fitri_2026_and_its_cuti_bersama(client: Client) -> None:
    # Received on Friday 13 March: 16 and 17 March count, then Nyepi (18–19), Idul Fitri with
    # its cuti bersama (20–24) and the weekend do not; Good Friday (3 April) and 1 May neither.
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, tzinfo=JAKARTA), tick=False):
        body = assess(client, received_on="2026-03-13", value_idr=2_000_000)
    assert body["deadline_passed"] is False
    assert body["upg_deadline"] == "2026-04-06"
    assert body["deadline"] == "2026-05-05"
    assert "Report it to KPK by May 5, 2026 (30 working days" in " ".join(body["advice"])
    assert "by April 6, 2026 (10 working days" in " ".join(body["advice"])


def test_a_passed_deadline_is_flagged_and_no_longer_offered_as_a_date_to_meet(
    client: Client,
) -> None:
    late = assess(client, received_on="2026-01-05")
    assert late["deadline_passed"] is True
    assert not any(advice.startswith("Report it to KPK by") for advice in late["advice"])
    recent = assess(client, received_on="2026-11-20")
    # Cuti bersama (24 Dec), Christmas, New Year and Isra Mikraj (5 Jan 2027) do not count.
    assert recent["deadline"] == "2027-01-07"
    assert recent["deadline_passed"] is False
    assert any(advice.startswith("Report it to KPK by") for advice in recent["advice"])


@pytest.mark.parametrize(
    ("value", "burden"), [(9_999_999, False), (10_000_000, True), (10_000_001, True)]
)
def test_the_burden_of_proof_shifts_to_the_recipient_from_rp10000000(
    client: Client, value: int, burden: bool
) -> None:
    body = assess(client, value_idr=value, giver_relation="business_partner")
    assert body["must_report"] is True
    assert body["burden_of_proof_on_recipient"] is burden
    assert any("Pasal 12B" in reason for reason in body["reasons"]) is burden


def test_an_exempt_gift_of_rp10000000_carries_no_burden_of_proof(client: Client) -> None:
    body = assess(client, value_idr=10_000_000, giver_relation="family")
    assert body["must_report"] is False
    assert body["burden_of_proof_on_recipient"] is False


def test_an_unknown_giver_may_still_be_reported(client: Client) -> None:
    body = assess(client, giver_relation="unknown")
    assert "You can report it even if you do not know who gave it." in body["advice"]


def test_reasons_and_advice_are_in_indonesian_by_default(client: Client) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, tzinfo=JAKARTA), tick=False):
        body = assess(
            client, language=None, received_on="2026-03-13", occasion="wedding", form="money",
            value_idr=1_600_000,
        )  # fmt: skip
    text = " ".join(body["reasons"] + body["advice"])
    assert "Rp1.500.000" in text and "Rp1.600.000" in text
    assert "5 Mei 2026" in text
    assert "Laporkan" in text


def test_an_indonesian_request_gets_the_indonesian_title_of_the_exemption(client: Client) -> None:
    body = assess(client, language="id", occasion="wedding", value_idr=1_000_000)
    assert body["exemption"]["title"].startswith("Hadiah dalam rangka pertunangan, pernikahan")
    assert body["reasons"][0].startswith(
        "Termasuk Pasal 2 ayat (3) huruf l Peraturan KPK Nomor 2 Tahun 2019 sebagaimana diubah "
        "dengan Peraturan KPK Nomor 1 Tahun 2026: Hadiah dalam rangka"
    )


def test_an_english_request_gets_english_sentences_and_amounts(client: Client) -> None:
    body = assess(client, language="en", occasion="wedding", value_idr=1_000_000)
    assert body["exemption"]["title"].startswith("Gifts at an engagement")
    assert (
        "It is worth Rp1,000,000, within the limit of Rp1,500,000 per gift from one giver."
        in (body["reasons"])
    )


# --- bad input --------------------------------------------------------------------------------


def error_fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.content
    return [str(error["loc"][-1]) for error in response.json()["errors"]]


@pytest.mark.parametrize("field", ["received_on", "value_idr", "form", "giver_relation"])
def test_a_missing_required_field_is_a_422_naming_it(client: Client, field: str) -> None:
    data = gift()
    del data[field]
    assert error_fields(post_assessment(client, data)) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("form", "cash"),
        ("kind", "bribe"),
        ("giver_relation", "friend"),
        ("occasion", "lebaran"),
        ("form", ""),
        ("form", None),
    ],
)
def test_an_unknown_value_is_a_422_naming_the_field(client: Client, field: str, value: Any) -> None:
    assert error_fields(post_assessment(client, gift(**{field: value}))) == [field]


@pytest.mark.parametrize("field", ["value_idr", "same_giver_total_this_year_idr"])
@pytest.mark.parametrize("value", [-1, 1.5, "1000", True, None, 10**16])
def test_an_amount_that_is_not_a_whole_number_of_rupiah_from_zero_is_a_422(
    client: Client, field: str, value: Any
) -> None:
    assert error_fields(post_assessment(client, gift(**{field: value}))) == [field]


def test_a_gift_worth_nothing_can_be_assessed(client: Client) -> None:
    assert assess(client, value_idr=0)["must_report"] is True


@pytest.mark.parametrize(
    "value", ["2026-02-30", "13/03/2026", "2026-3-13", "yesterday", "", 20260313, None]
)
def test_a_malformed_date_is_a_422_naming_received_on(client: Client, value: Any) -> None:
    assert error_fields(post_assessment(client, gift(received_on=value))) == ["received_on"]


def test_a_date_in_the_future_is_a_422_naming_received_on(client: Client) -> None:
    response = post_assessment(client, gift(received_on="2026-11-25"))
    assert error_fields(response) == ["received_on"]
    assert "future" in response.json()["errors"][0]["msg"]


def test_a_date_that_is_already_today_in_papua_is_not_in_the_future(client: Client) -> None:
    # The clock says 23:30 on 23 Nov in Jakarta, 01:30 on 24 Nov in Jayapura.
    assert assess(client, received_on="2026-11-24")["must_report"] is True


@pytest.mark.parametrize("field", ["conflict_of_interest", "general_terms", "to_institution"])
@pytest.mark.parametrize("value", ["yes", 1, None])
def test_a_yes_no_field_takes_only_true_or_false(client: Client, field: str, value: Any) -> None:
    assert error_fields(post_assessment(client, gift(**{field: value}))) == [field]


def test_a_misspelt_field_is_a_422_rather_than_silently_ignored(client: Client) -> None:
    response = post_assessment(client, gift(conflict_of_intrest=True))
    assert error_fields(response) == ["conflict_of_intrest"]


@pytest.mark.parametrize("body", ["[]", "null", '"gift"', "42"])
def test_a_body_that_is_not_an_object_is_a_422(client: Client, body: str) -> None:
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("{not json", "application/json"), ("received_on=2026-03-13", "text/plain"), ("", "")],
)
def test_an_unreadable_body_is_a_client_error_never_a_500(
    client: Client, body: str, content_type: str
) -> None:
    response = client.post(URL, body, content_type=content_type)
    assert 400 <= response.status_code < 500


def test_get_is_not_allowed(client: Client) -> None:
    assert client.get(URL).status_code == 405


def test_the_openapi_document_lists_the_choices(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"][URL]["post"]
    assert operation["summary"] == "Assess whether a gift must be reported"
    schemas = spec["components"]["schemas"]
    assert "flower_board" in schemas["AssessmentIn"]["properties"]["form"]["enum"]
    assert set(schemas["AssessmentIn"]["required"]) == {
        "received_on", "value_idr", "form", "giver_relation"
    }  # fmt: skip
