from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import OperationalError
from django.tasks import task
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.complaints import actions as complaint_actions
from cegah.complaints.models import BreachKind, Category, Complaint
from cegah.core.models import WorkerHeartbeat
from cegah.core.tasks import record_heartbeat
from cegah.observability import collectors
from cegah.observability.metrics import LATENCY_BUCKETS, status_class
from cegah.observability.tests.helpers import Samples, scrape, value
from cegah.regions.actions import ensure_region
from cegah.regions.models import Region
from cegah.test import Personas

JAKARTA = ZoneInfo("Asia/Jakarta")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FAILING = "cegah.observability.tests.test_metrics.always_fails"


@task()
def always_fails() -> None:
    raise ValueError("nothing works")


def requests(samples: Samples, view: str, status: str = "2xx", method: str = "GET") -> float:
    return value(samples, "cegah_http_requests_total", view=view, method=method, status=status)


@pytest.mark.django_db
def test_a_request_increments_the_counter_of_its_view(client: Client) -> None:
    before = requests(scrape(client), "ping")
    client.get("/ping")
    client.get("/ping")
    assert requests(scrape(client), "ping") == before + 2


@pytest.mark.django_db
def test_the_latency_histogram_is_labelled_by_view_with_buckets_from_5_ms_to_5_s(
    client: Client,
) -> None:
    client.get("/ping")
    samples = scrape(client)
    buckets = {
        dict(labels)["le"]
        for name, labels in samples
        if name == "cegah_http_request_duration_seconds_bucket" and ("view", "ping") in labels
    }
    assert buckets == {str(b) for b in LATENCY_BUCKETS} | {"+Inf"}
    assert value(samples, "cegah_http_request_duration_seconds_count", view="ping") >= 1


@pytest.mark.django_db
def test_an_address_matching_no_route_counts_as_unmatched_not_by_its_path(client: Client) -> None:
    before = scrape(client)
    client.get("/no-such-thing.txt")
    after = scrape(client)
    unmatched = [labels for name, labels in after if name == "cegah_http_requests_total"]
    assert not any("no-such-thing" in v for labels in unmatched for _, v in labels)
    total = sum(
        after.get(key, 0) - before.get(key, 0)
        for key in after
        if key[0] == "cegah_http_requests_total" and ("view", "unmatched") in key[1]
    )
    assert total == 1


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="cegah.observability.tests.urls")
def test_an_exception_in_a_view_is_counted_with_its_class_and_a_5xx() -> None:
    client = Client(raise_request_exception=False)
    before = scrape(client)
    assert client.get("/boom").status_code == 500
    after = scrape(client)
    exceptions = ("cegah_http_exceptions_total", {"view": "boom", "exception": "RuntimeError"})
    assert (
        value(after, exceptions[0], **exceptions[1])
        == value(before, exceptions[0], **exceptions[1]) + 1
    )
    assert requests(after, "boom", "5xx") == requests(before, "boom", "5xx") + 1


@pytest.mark.django_db
def test_a_missing_page_is_a_4xx_but_not_an_exception(client: Client) -> None:
    client.get("/keluhan/lacak/TIDAK-ADA/")
    samples = scrape(client)
    assert not any(
        name == "cegah_http_exceptions_total" and ("exception", "Http404") in labels
        for name, labels in samples
    )


def test_status_classes() -> None:
    assert [status_class(s) for s in (200, 302, 404, 503)] == ["2xx", "3xx", "4xx", "5xx"]


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_queue_depth_reflects_enqueued_and_running_tasks(client: Client) -> None:
    samples = scrape(client)
    assert value(samples, "cegah_task_queue_depth", queue="default", state="ready") == 0
    first = record_heartbeat.enqueue()
    record_heartbeat.enqueue()
    record_heartbeat.enqueue()
    DBTaskResult.objects.filter(id=first.id).update(status="RUNNING")
    samples = scrape(client)
    assert value(samples, "cegah_task_queue_depth", queue="default", state="ready") == 2
    assert value(samples, "cegah_task_queue_depth", queue="default", state="running") == 1


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_failed_results_kept_in_the_database_are_counted_by_queue(client: Client) -> None:
    result = record_heartbeat.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(status="FAILED")
    assert value(scrape(client), "cegah_task_failed_results", queue="default") == 1


@pytest.mark.django_db
def test_a_task_that_fails_is_counted_as_a_failure_of_that_task(client: Client) -> None:
    before = scrape(client)
    always_fails.enqueue()
    after = scrape(client)
    assert value(after, "cegah_task_failures_total", task=FAILING) == (
        value(before, "cegah_task_failures_total", task=FAILING) + 1
    )
    assert value(after, "cegah_tasks_finished_total", task=FAILING, status="failed") == (
        value(before, "cegah_tasks_finished_total", task=FAILING, status="failed") + 1
    )


@pytest.mark.django_db
def test_a_successful_task_is_counted_as_finished_not_failed(client: Client) -> None:
    name = "cegah.core.tasks.record_heartbeat"
    before = scrape(client)
    record_heartbeat.enqueue()
    after = scrape(client)
    assert value(after, "cegah_tasks_finished_total", task=name, status="successful") == (
        value(before, "cegah_tasks_finished_total", task=name, status="successful") + 1
    )
    assert value(after, "cegah_task_failures_total", task=name) == value(
        before, "cegah_task_failures_total", task=name
    )


def _submit_complaint() -> Complaint:
    complaint, _created = complaint_actions.submit_complaint(
        actor=None,
        category=Category.objects.get(code="pendidikan"),
        region=Region.objects.get(code="33.10.25"),
        description="Kepala sekolah meminta uang Rp500.000 untuk rapor tanpa dasar aturan.",
        reporter_name="Sri Rahayu",
        reporter_email="sri@example.org",
    )
    return complaint


def test_complaints_past_their_verification_deadline_are_counted(
    client: Client, personas: Personas
) -> None:
    ensure_region("33.10.25")
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=JAKARTA), tick=False):
        _submit_complaint()
        assert value(scrape(client), "cegah_complaints_overdue", deadline="verification") == 0
    with time_machine.travel(dt.datetime(2026, 3, 13, 9, 0, tzinfo=JAKARTA), tick=False):
        _submit_complaint()  # a fresh one, not late
        samples = scrape(client)
        assert value(samples, "cegah_complaints_overdue", deadline="verification") == 1
        assert Complaint.objects.breached(BreachKind.VERIFICATION).count() == 1
        assert value(samples, "cegah_complaints_overdue", deadline="resolution") == 0


def test_gift_reports_past_their_owners_deadline_are_counted(
    client: Client, personas: Personas
) -> None:
    from cegah.gratification.models import GratificationReport, forget_rules
    from cegah.gratification.tests.factories import submitted_reports

    forget_rules()
    personas.agency_a.has_gratification_unit = True
    personas.agency_a.save()
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=JAKARTA), tick=False):
        submitted_reports(personas.asn_a, personas.agency_a, 1)
        assert value(scrape(client), "cegah_gift_reports_overdue") == 0
    with time_machine.travel(dt.datetime(2027, 2, 15, 12, 0, tzinfo=JAKARTA), tick=False):
        assert value(scrape(client), "cegah_gift_reports_overdue") == 1
        assert GratificationReport.objects.overdue().count() == 1
    forget_rules()


@pytest.mark.django_db
def test_heartbeat_age_is_reported_per_worker_and_for_the_newest(client: Client) -> None:
    assert math.isinf(value(scrape(client), "cegah_worker_heartbeat_newest_age_seconds"))
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=JAKARTA), tick=False):
        now = timezone.now()
        WorkerHeartbeat.objects.create(worker="worker1", beat_at=now - dt.timedelta(seconds=90))
        WorkerHeartbeat.objects.create(worker="worker2", beat_at=now - dt.timedelta(seconds=30))
        samples = scrape(client)
    assert value(samples, "cegah_worker_heartbeat_age_seconds", worker="worker1") == 90
    assert value(samples, "cegah_worker_heartbeat_newest_age_seconds") == 30


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_a_scrape_costs_four_queries_and_none_while_the_numbers_are_fresh(
    client: Client, settings: SettingsWrapper, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    settings.METRICS_CACHE_SECONDS = 15
    with django_assert_num_queries(4):
        scrape(client)
    with django_assert_num_queries(0):
        scrape(client)
    collectors.clear_cache()
    with django_assert_num_queries(4):
        scrape(client)


@pytest.mark.django_db
def test_a_database_that_cannot_be_read_gives_database_up_0_not_a_failed_scrape(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable() -> collectors.Snapshot:
        raise OperationalError("connection refused")

    monkeypatch.setattr(collectors, "read_snapshot", unreachable)
    samples = scrape(client)
    assert value(samples, "cegah_metrics_database_up") == 0
    assert not any(name == "cegah_task_queue_depth" for name, _ in samples)


@pytest.mark.django_db
def test_without_a_database_task_backend_no_queue_is_reported(client: Client) -> None:
    # The test profile runs tasks at once; with TASKS_QUEUE=rq they wait in Redis.
    samples = scrape(client)
    assert value(samples, "cegah_metrics_database_up") == 1
    assert not any(name == "cegah_task_queue_depth" for name, _ in samples)


def test_a_page_answered_from_the_anonymous_page_cache_counts_under_its_view(
    client: Client, db: None
) -> None:
    from cegah.portal.actions import ensure_portal_tree

    ensure_portal_tree()
    before = requests(scrape(client), "portal:home")
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200  # from the cache, before routing
    assert requests(scrape(client), "portal:home") == before + 2


@pytest.mark.django_db
def test_static_files_count_as_static(client: Client) -> None:
    before = scrape(client)
    client.get("/static/css/cegah.css")
    after = scrape(client)
    counted = sum(
        after.get(key, 0) - before.get(key, 0)
        for key in after
        if key[0] == "cegah_http_requests_total" and ("view", "static") in key[1]
    )
    assert counted == 1
