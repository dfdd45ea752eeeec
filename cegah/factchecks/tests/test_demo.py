"""The demo fact-checks: every verdict published, messages in the queue, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cegah.factchecks.models import Claim, Status, Submission, Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cegah.search.backend.index_documents", lambda docs: list(docs))


def test_seed_demo_publishes_every_verdict_and_fills_the_queue_once() -> None:
    call_command("seed_demo")
    published = Claim.objects.published()
    assert published.count() >= 5
    assert set(published.values_list("verdict", flat=True)) == set(Verdict.values)
    assert all(c.source_lines and c.explanation and c.agency_id for c in published)
    queued = Claim.objects.open().with_counts()
    assert queued.count() == 2
    assert sorted(c.submission_count for c in queued) == [1, 2]  # type: ignore[attr-defined]
    assert queued.filter(status=Status.CHECKING, assignee__isnull=False).exists()
    counts = (Claim.objects.count(), Submission.objects.count())

    call_command("seed_demo")
    assert (Claim.objects.count(), Submission.objects.count()) == counts


def test_the_dry_run_saves_no_fact_checks() -> None:
    call_command("seed_demo", "--dry-run")
    assert not Claim.objects.exists()
