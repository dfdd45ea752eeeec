"""Scheduled publishing: the every-minute job publishes and expires pages on time."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from cegah.portal.actions import PortalTree
from cegah.portal.models import NewsPage
from cegah.portal.tasks import publish_scheduled_pages
from cegah.portal.tests.factories import make_news

UTC = dt.UTC


def test_page_scheduled_to_go_live_is_public_only_after_the_job_runs_past_its_time(
    client: Client, tree: PortalTree
) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 24, 2, 0, tzinfo=UTC), tick=False):
        page = make_news(tree.news, "terjadwal", title="Berita terjadwal", live=False)
        page.go_live_at = dt.datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live
        assert client.get("/berita/terjadwal/").status_code == 404
        assert "Berita terjadwal" not in client.get("/berita/").content.decode()
        publish_scheduled_pages.enqueue()  # too early: nothing happens
        page.refresh_from_db()
        assert not page.live
    with time_machine.travel(dt.datetime(2026, 11, 24, 5, 1, tzinfo=UTC), tick=False):
        assert client.get("/berita/terjadwal/").status_code == 404  # not before the job
        publish_scheduled_pages.enqueue()
        page.refresh_from_db()
        assert page.live
        assert client.get("/berita/terjadwal/").status_code == 200
        assert "Berita terjadwal" in client.get("/berita/").content.decode()


def test_expired_page_is_taken_down_by_the_job(client: Client, tree: PortalTree) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 24, 2, 0, tzinfo=UTC), tick=False):
        page = make_news(tree.news, "kedaluwarsa", live=False)
        page.expire_at = dt.datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
        page.save_revision().publish()
        assert client.get("/berita/kedaluwarsa/").status_code == 200
    with time_machine.travel(dt.datetime(2026, 11, 25, 0, 1, tzinfo=UTC), tick=False):
        publish_scheduled_pages.enqueue()
        page = NewsPage.objects.get(pk=page.pk)
        assert not page.live and page.expired
        assert client.get("/berita/kedaluwarsa/").status_code == 404


def test_the_job_runs_every_minute() -> None:
    from crontask import scheduler

    jobs = {job.name: job for job in scheduler.get_jobs()}
    assert "publish_scheduled_pages" in jobs
    trigger = str(jobs["publish_scheduled_pages"].trigger)
    assert "hour='*'" in trigger and "minute='*'" in trigger
