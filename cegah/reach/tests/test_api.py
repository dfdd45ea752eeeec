"""The staff API of reach: accounts, their figures and targets, days sent as JSON, CSV imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cegah.accounts.models import Role, User
from cegah.api.actions import create_api_token
from cegah.reach.models import Account, DailyMetric, Metric, Platform, Target
from cegah.reach.tests.test_reach import CSV_CLEAN, CSV_WITH_ERRORS
from cegah.test import Personas, make_user

# Mid-morning in Jakarta on 10 November 2026.
NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _frozen_time() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def token_for(user: User) -> dict[str, str]:
    _token, secret = create_api_token(actor=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


def _instagram(p: Personas) -> Account:
    return Account.objects.create(
        agency=p.kpk,
        platform=Platform.INSTAGRAM,
        handle="literasigratifikasi",
        url="https://www.instagram.com/literasigratifikasi/",
    )


def _kpk_manager(p: Personas) -> User:
    return make_user("humas@kpk.example.org", (p.kpk, Role.CAMPAIGN_MANAGER))


def _bali_manager(p: Personas) -> User:
    return make_user("humas@bali.example.org", (p.agency_b, Role.CAMPAIGN_MANAGER))


def _day(day: str, **figures: int) -> dict[str, object]:
    values: dict[str, object] = {
        "impressions": 0, "reach": 0, "views": 0, "followers": 0, "engagements": 0,
    }  # fmt: skip
    values.update(figures)
    return {"day": day, **values}


def test_the_list_shows_the_callers_accounts_with_their_latest_figures(
    client: Client, personas: Personas
) -> None:
    instagram = _instagram(personas)
    tiktok = Account.objects.create(agency=personas.kpk, platform=Platform.TIKTOK, handle="kpk")
    bali = Account.objects.create(
        agency=personas.agency_b, platform=Platform.INSTAGRAM, handle="pemprovbali"
    )
    DailyMetric.objects.create(account=instagram, day=dt.date(2026, 11, 8), followers=41_000)
    DailyMetric.objects.create(
        account=instagram, day=dt.date(2026, 11, 9), impressions=120_000, followers=41_200
    )
    response = client.get("/api/v1/reach/accounts", headers=token_for(_kpk_manager(personas)))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    rows = {row["id"]: row for row in data["items"]}
    assert set(rows) == {instagram.pk, tiktok.pk} and bali.pk not in rows
    assert rows[instagram.pk]["agency"] == {"code": "kpk", "name": "Komisi Pemberantasan Korupsi"}
    assert rows[instagram.pk]["platform"] == "instagram"
    assert rows[instagram.pk]["handle"] == "literasigratifikasi"
    assert rows[instagram.pk]["url"] == "https://www.instagram.com/literasigratifikasi/"
    assert rows[instagram.pk]["latest"] == _day("2026-11-09", impressions=120_000, followers=41_200)
    assert rows[tiktok.pk]["latest"] is None


def test_the_detail_has_the_days_of_the_range_and_each_targets_progress(
    client: Client, personas: Personas
) -> None:
    account = _instagram(personas)
    target = Target.objects.create(
        account=account, metric=Metric.IMPRESSIONS, value=3_000_000,
        starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 11, 30),
    )  # fmt: skip
    for day in range(1, 11):
        DailyMetric.objects.create(account=account, day=dt.date(2026, 11, day), impressions=100_000)
    DailyMetric.objects.create(account=account, day=dt.date(2026, 8, 12), impressions=7)  # 91st
    DailyMetric.objects.create(account=account, day=dt.date(2026, 8, 13), impressions=8)  # 90th
    headers = token_for(_kpk_manager(personas))
    data = client.get(f"/api/v1/reach/accounts/{account.pk}", headers=headers).json()
    assert (data["days_from"], data["days_to"]) == ("2026-08-13", "2026-11-10")
    assert [d["day"] for d in data["days"]][:2] == ["2026-08-13", "2026-11-01"]
    assert len(data["days"]) == 11
    assert data["latest"]["day"] == "2026-11-10"
    (out,) = data["targets"]
    assert out["id"] == target.pk and out["metric"] == "impressions" and out["value"] == 3_000_000
    assert (out["starts_on"], out["ends_on"]) == ("2026-11-01", "2026-11-30")
    assert out["progress"] == {
        "achieved": 1_000_000, "share": 33.3, "days_total": 30, "days_elapsed": 10,
        "needed_per_day": 100_000, "pace_per_day": 100_000, "projection": 3_000_000,
        "on_track": True,
    }  # fmt: skip
    ranged = client.get(
        f"/api/v1/reach/accounts/{account.pk}?from=2026-11-02&to=2026-11-03", headers=headers
    ).json()
    assert [d["day"] for d in ranged["days"]] == ["2026-11-02", "2026-11-03"]
    backwards = client.get(
        f"/api/v1/reach/accounts/{account.pk}?from=2026-11-03&to=2026-11-02", headers=headers
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["loc"] == ["query", "from"]
    too_long = client.get(f"/api/v1/reach/accounts/{account.pk}?from=2020-01-01", headers=headers)
    assert too_long.status_code == 422


def test_days_sent_as_json_are_stored_like_a_day_typed_in(
    client: Client, personas: Personas
) -> None:
    account = _instagram(personas)
    DailyMetric.objects.create(
        account=account, day=dt.date(2026, 11, 1), impressions=1, followers=40_000
    )
    headers = token_for(_kpk_manager(personas))
    response = client.post(
        f"/api/v1/reach/accounts/{account.pk}/days",
        [
            _day("2026-11-01", impressions=120_000, reach=80_000, followers=41_000),
            _day("2026-11-02", impressions=130_000, engagements=900),
        ],
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json() == {"created": 1, "updated": 1}
    days = {
        m.day.day: (m.impressions, m.reach, m.followers, m.engagements) for m in account.days.all()
    }
    assert days == {1: (120_000, 80_000, 41_000, 0), 2: (130_000, 0, 0, 900)}
    page = client.get(f"/api/v1/reach/accounts/{account.pk}", headers=headers).json()
    assert page["latest"]["impressions"] == 130_000


def test_a_list_with_bad_items_names_each_and_stores_nothing(
    client: Client, personas: Personas
) -> None:
    account = _instagram(personas)
    headers = token_for(_kpk_manager(personas))
    url = f"/api/v1/reach/accounts/{account.pk}/days"
    missing = _day("2026-11-03")
    del missing["followers"]
    response = client.post(
        url,
        [_day("2026-11-01"), _day("2026-11-02", impressions=-5), missing, _day("kemarin")],
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["errors"]]
    assert ["body", "days", 1, "impressions"] in locs
    assert ["body", "days", 2, "followers"] in locs
    assert ["body", "days", 3, "day"] in locs
    twice = client.post(
        url,
        [_day("2026-11-01"), _day("2026-11-02"), _day("2026-11-01", reach=3)],
        content_type="application/json",
        headers=headers,
    )
    assert twice.status_code == 422
    (error,) = twice.json()["errors"]
    assert error["loc"] == ["body", "days", 2, "day"]
    assert error["msg"] == "Tanggal ini sudah ada dalam daftar."
    assert not DailyMetric.objects.exists()


def test_a_platform_export_with_bad_rows_is_refused_then_checked_then_imported(
    client: Client, personas: Personas
) -> None:
    account = _instagram(personas)
    DailyMetric.objects.create(account=account, day=dt.date(2026, 11, 1), impressions=1)
    headers = token_for(_kpk_manager(personas))
    url = f"/api/v1/reach/accounts/{account.pk}/import"
    bad = client.post(
        url, {"file": SimpleUploadedFile("ig.csv", CSV_WITH_ERRORS.encode())}, headers=headers
    )
    assert bad.status_code == 422
    body = bad.json()
    assert [(e["line"], e["column"]) for e in body["errors"]] == [(3, "Tanggal"), (4, "Tayangan")]
    assert body["unknown_columns"] == ["Saves"]
    assert DailyMetric.objects.get(account=account).impressions == 1
    dry = client.post(
        url,
        {"file": SimpleUploadedFile("ig.csv", CSV_CLEAN.encode()), "dry_run": "true"},
        headers=headers,
    )
    assert dry.status_code == 200
    assert dry.json() == {
        "dry_run": True, "rows": 2, "created": 0, "updated": 0, "unknown_columns": ["Saves"],
    }  # fmt: skip
    assert DailyMetric.objects.count() == 1
    done = client.post(
        url, {"file": SimpleUploadedFile("ig.csv", CSV_CLEAN.encode())}, headers=headers
    )
    assert done.status_code == 200
    assert done.json() == {
        "dry_run": False, "rows": 2, "created": 1, "updated": 1, "unknown_columns": ["Saves"],
    }  # fmt: skip
    days = {m.day.day: (m.impressions, m.reach, m.followers) for m in account.days.all()}
    assert days == {1: (120_000, 80_000, 41_000), 2: (130_000, 81_000, 41_200)}


def test_a_file_over_2_mb_is_refused_like_on_the_page(client: Client, personas: Personas) -> None:
    account = _instagram(personas)
    big = b"Date,Impressions\n" + b"2026-11-01,1\n" * (2 * 1024 * 1024 // 13 + 1)
    response = client.post(
        f"/api/v1/reach/accounts/{account.pk}/import",
        {"file": SimpleUploadedFile("ig.csv", big)},
        headers=token_for(_kpk_manager(personas)),
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["column"] == "file" and "2 MB" in error["msg"]
    assert not DailyMetric.objects.exists()


def test_an_officer_of_another_agency_gets_404_for_every_endpoint(
    client: Client, personas: Personas
) -> None:
    account = _instagram(personas)
    DailyMetric.objects.create(account=account, day=dt.date(2026, 11, 1), impressions=1)
    base = f"/api/v1/reach/accounts/{account.pk}"
    for user in (_bali_manager(personas), personas.officer_b, personas.asn_a, personas.admin_a):
        headers = token_for(user)
        assert client.get("/api/v1/reach/accounts", headers=headers).json()["count"] == 0
        assert client.get(base, headers=headers).status_code == 404
        saved = client.post(
            f"{base}/days",
            [_day("2026-11-01", impressions=999)],
            content_type="application/json",
            headers=headers,
        )
        assert saved.status_code == 404
        imported = client.post(
            f"{base}/import",
            {"file": SimpleUploadedFile("ig.csv", CSV_CLEAN.encode())},
            headers=headers,
        )
        assert imported.status_code == 404
    assert DailyMetric.objects.get(account=account).impressions == 1
    missing = client.get(
        f"/api/v1/reach/accounts/{account.pk + 1000}", headers=token_for(_kpk_manager(personas))
    )
    assert missing.status_code == 404


def test_anonymous_callers_get_401(client: Client, personas: Personas) -> None:
    account = _instagram(personas)
    base = f"/api/v1/reach/accounts/{account.pk}"
    assert client.get("/api/v1/reach/accounts").status_code == 401
    assert client.get(base).status_code == 401
    assert (
        client.post(f"{base}/days", [_day("2026-11-01")], content_type="application/json")
    ).status_code == 401
    assert (
        client.post(f"{base}/import", {"file": SimpleUploadedFile("ig.csv", CSV_CLEAN.encode())})
    ).status_code == 401
    bad_token = {"Authorization": "Bearer nope"}
    assert client.get(base, headers=bad_token).status_code == 401
    assert not DailyMetric.objects.exists()


def test_the_endpoints_are_documented(client: Client, db: None) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/reach/accounts" in paths
    detail = paths["/api/v1/reach/accounts/{account_id}"]["get"]
    assert {p["name"] for p in detail["parameters"]} >= {"account_id", "from", "to"}
    assert {"200", "404", "422"} <= set(
        paths["/api/v1/reach/accounts/{account_id}/days"]["post"]["responses"]
    )
    imported = paths["/api/v1/reach/accounts/{account_id}/import"]["post"]["responses"]
    assert {"200", "404", "422"} <= set(imported)
    schemas = response.json()["components"]["schemas"]
    assert "unknown_columns" in schemas["ReachImportCounts"]["properties"]
    assert "participants" in schemas["ImportCounts"]["properties"]  # campaigns' kept its own
