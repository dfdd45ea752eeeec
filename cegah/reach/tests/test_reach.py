"""Accounts, daily figures typed in or imported from a platform's CSV, and targets."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cegah.accounts.models import Role
from cegah.reach.models import Account, DailyMetric, Metric, Platform, Target
from cegah.reach.targets import progress
from cegah.test import Personas, make_user


def _account(p: Personas) -> Account:
    return Account.objects.create(
        agency=p.kpk, platform=Platform.INSTAGRAM, handle="literasigratifikasi"
    )


def _kpk_manager(p: Personas) -> object:
    return make_user("humas@kpk.example.org", (p.kpk, Role.CAMPAIGN_MANAGER))


def test_progress_pace_and_projection_of_an_impressions_target(personas: Personas) -> None:
    account = _account(personas)
    target = Target.objects.create(
        account=account, metric=Metric.IMPRESSIONS, value=3_000_000,
        starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 11, 30),
    )  # fmt: skip
    for day in range(1, 11):  # 10 days of 100,000 impressions
        DailyMetric.objects.create(account=account, day=dt.date(2026, 11, day), impressions=100_000)
    DailyMetric.objects.create(account=account, day=dt.date(2026, 10, 31), impressions=999_999)
    p = progress(target, dt.date(2026, 11, 10))
    assert (p.achieved, p.share, p.days_elapsed, p.days_total) == (1_000_000, 33.3, 10, 30)
    assert p.pace_per_day == 100_000 and p.needed_per_day == 100_000
    assert p.projection == 3_000_000 and p.on_track
    behind = progress(target, dt.date(2026, 11, 15))  # no figures for 11–15 November
    assert behind.pace_per_day == 66_666 and not behind.on_track
    assert behind.needed_per_day == 133_334
    after = progress(target, dt.date(2026, 12, 5))
    assert after.needed_per_day is None and after.days_elapsed == 30


def test_followers_are_a_level_not_a_sum(personas: Personas) -> None:
    account = _account(personas)
    target = Target.objects.create(
        account=account, metric=Metric.FOLLOWERS, value=50_000,
        starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 11, 30),
    )  # fmt: skip
    for day, followers in [(1, 40_000), (2, 41_000)]:
        DailyMetric.objects.create(account=account, day=dt.date(2026, 11, day), followers=followers)
    assert progress(target, dt.date(2026, 11, 2)).achieved == 41_000


CSV_WITH_ERRORS = (
    "Tanggal;Tayangan;Jangkauan;Pengikut;Saves\n"
    "2026-11-01;120.000;80.000;41.000;5\n"
    "kemarin;1000;10;1;0\n"
    "03/11/2026;banyak;10;1;0\n"
)
CSV_CLEAN = (
    "Date,Impressions,Reach,Followers,Saves\n"
    '2026-11-01,"120,000",80000,41000,5\n'
    "2026-11-02,130000,81000,41200,6\n"
)


def test_a_platform_export_with_bad_rows_imports_nothing_then_a_clean_one_imports_all(
    client: Client, personas: Personas
) -> None:
    account = _account(personas)
    DailyMetric.objects.create(account=account, day=dt.date(2026, 11, 1), impressions=1)
    client.force_login(_kpk_manager(personas))  # type: ignore[arg-type]
    url = f"/jangkauan/{account.pk}/impor/"
    bad = client.post(url, {"file": SimpleUploadedFile("ig.csv", CSV_WITH_ERRORS.encode())})
    html = bad.content.decode()
    assert bad.status_code == 422
    assert "Tidak ada yang diimpor" in html
    assert "<td>3</td><td>Tanggal</td>" in html and "<td>4</td><td>Tayangan</td>" in html
    assert "Saves" in html  # the unknown column is named, not dropped silently
    assert DailyMetric.objects.get(account=account).impressions == 1
    dry = client.post(
        url, {"file": SimpleUploadedFile("ig.csv", CSV_CLEAN.encode()), "dry_run": "on"}
    )
    assert dry.status_code == 200 and "berkas ini valid: 2 baris" in dry.content.decode().lower()
    assert DailyMetric.objects.count() == 1
    done = client.post(url, {"file": SimpleUploadedFile("ig.csv", CSV_CLEAN.encode())}, follow=True)
    assert "2 hari" in done.content.decode() and "Saves" in done.content.decode()
    days = {m.day.day: (m.impressions, m.reach, m.followers) for m in account.days.all()}
    assert days == {1: (120_000, 80_000, 41_000), 2: (130_000, 81_000, 41_200)}


def test_staff_type_in_a_day_and_set_a_target(client: Client, personas: Personas) -> None:
    account = _account(personas)
    client.force_login(_kpk_manager(personas))  # type: ignore[arg-type]
    client.post(f"/jangkauan/{account.pk}/hari/", {
        "day": "2026-11-20", "impressions": "250000", "reach": "1", "views": "0",
        "followers": "42000", "engagements": "900",
    })  # fmt: skip
    client.post(f"/jangkauan/{account.pk}/hari/", {
        "day": "2026-11-20", "impressions": "260000", "reach": "1", "views": "0",
        "followers": "42000", "engagements": "900",
    })  # fmt: skip
    assert list(account.days.values_list("impressions", flat=True)) == [260_000]
    bad = client.post(f"/jangkauan/{account.pk}/target/", {
        "metric": "impressions", "value": "3000000", "starts_on": "2026-12-31", "ends_on": "2026-11-01",
    })  # fmt: skip
    assert bad.status_code == 400 and "Akhir tidak boleh sebelum awal" in bad.content.decode()
    client.post(f"/jangkauan/{account.pk}/target/", {
        "metric": "impressions", "value": "3000000", "starts_on": "2026-11-01", "ends_on": "2026-12-31",
    })  # fmt: skip
    page = client.get("/jangkauan/").content.decode()
    assert "260.000 / 3.000.000" in page and "<progress" in page


def test_other_agencies_and_citizens_see_nothing(client: Client, personas: Personas) -> None:
    account = _account(personas)
    for who in (personas.officer_b, personas.citizen, personas.asn_a):
        client.force_login(who)
        assert client.get(f"/jangkauan/{account.pk}/").status_code == 404
        assert (
            client.post(f"/jangkauan/{account.pk}/hari/", {"day": "2026-11-20"}).status_code == 404
        )
    client.force_login(personas.officer_b)
    assert "literasigratifikasi" not in client.get("/jangkauan/").content.decode()


def test_the_demo_holds_literasi_gratifikasi_and_runs_once(personas: Personas) -> None:
    from cegah.reach.demo import END, seed_reach_demo

    assert "created" in seed_reach_demo()
    assert "already exist" in seed_reach_demo()
    instagram = Account.objects.get(platform=Platform.INSTAGRAM, handle="literasigratifikasi.demo")
    (target,) = instagram.targets.all()
    p = progress(target, END)
    assert instagram.days.count() == p.days_total == 153
    assert p.achieved > 0 and p.share > 50
    total = sum(
        progress(t, END).achieved for t in Target.objects.filter(account__agency=personas.kpk)
    )
    assert total > 2_500_000  # about the 3 million impressions of the seed document


def test_the_account_page_carries_the_chart_data_and_its_scripts(
    client: Client, personas: Personas
) -> None:
    import json
    import re

    account = _account(personas)
    Target.objects.create(
        account=account, metric=Metric.IMPRESSIONS, value=300,
        starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 11, 3),
    )  # fmt: skip
    DailyMetric.objects.create(account=account, day=dt.date(2026, 11, 1), impressions=100)
    DailyMetric.objects.create(account=account, day=dt.date(2026, 11, 2), impressions=50)
    client.force_login(_kpk_manager(personas))  # type: ignore[arg-type]
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC), tick=False):
        html = client.get(f"/jangkauan/{account.pk}/").content.decode()
    (raw,) = re.findall(r'<script id="chart-\d+" type="application/json">(.*?)</script>', html)
    data = json.loads(raw)
    assert data["labels"] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    assert data["achieved"] == [100, 150, None] and data["target"] == [100, 200, 300]
    assert "/static/vendor/chartjs/chart.umd.min.js" in html and "/static/reach/charts.js" in html
    assert 'role="img"' in html
