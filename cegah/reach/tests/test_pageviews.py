"""The site's own page views: counted per path and day, nothing about the visitor kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from cegah.accounts.models import Role
from cegah.reach import pageviews
from cegah.reach.models import PageView
from cegah.test import Personas, make_user


@pytest.fixture(autouse=True)
def _counting(db: None, settings: object) -> None:
    settings.PAGEVIEWS_ENABLED = True  # type: ignore[attr-defined]  # off in other tests
    pageviews.flush()
    PageView.objects.all().delete()


def test_public_pages_are_counted_per_path_and_day_without_visitor_data(
    client: Client, personas: Personas
) -> None:
    for _ in range(3):
        assert client.get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Hp").status_code == 200
    client.get("/en/")
    client.get("/keluhan/lacak/")
    client.get("/tidak-ada/")  # 404: not counted
    client.get("/api/v1/regions?level=1")  # API: not counted
    client.get("/healthz")
    client.force_login(personas.admin_a)
    client.get("/keluhan/instansi/")  # a staff workspace: not counted
    pageviews.flush()
    today = dt.date.today()
    counts = {(v.path, v.day) for v in PageView.objects.all()}
    assert {p for p, _ in counts} == {"/", "/en/", "/keluhan/lacak/"}
    assert PageView.objects.get(path="/").views == 3
    # Nothing about the visitor is stored anywhere in the table.
    columns = {c.name for c in connection.introspection.get_table_description(
        connection.cursor(), PageView._meta.db_table)}  # fmt: skip
    assert columns == {"id", "path", "day", "views"}
    assert all(day in (today, today - dt.timedelta(days=1)) for _, day in counts)


def test_counts_are_buffered_and_added_to_existing_rows(settings: object) -> None:
    settings.PAGEVIEWS_FLUSH_SECONDS = 3600  # type: ignore[attr-defined]
    pageviews.count("/berita/")
    pageviews.count("/berita/")
    assert not PageView.objects.exists()  # still in memory
    assert pageviews.flush() == 1
    pageviews.count("/berita/")
    pageviews.flush()
    assert PageView.objects.get(path="/berita/").views == 3


def test_kpk_reach_staff_see_the_site_page_views(client: Client, personas: Personas) -> None:
    client.get("/")
    pageviews.flush()
    client.force_login(make_user("humas@kpk.example.org", (personas.kpk, Role.CAMPAIGN_MANAGER)))
    html = client.get("/jangkauan/").content.decode()
    assert "Tayangan halaman situs ini" in html and '<a href="/">/</a>' in html
    client.force_login(personas.admin_a)  # an agency's admin: its own accounts, not the site
    assert "Tayangan halaman situs ini" not in client.get("/jangkauan/").content.decode()
