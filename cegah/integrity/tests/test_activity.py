"""What a government did on the platform, beside its scores: counts from each app's small
function, never personal data; a module still missing shows as "—"."""

from __future__ import annotations

import sys

import pytest
from django.test import Client
from django.utils import timezone

from cegah.complaints.activity import complaint_activity
from cegah.complaints.tests.factories import forwarded
from cegah.core import demo
from cegah.integrity.activity import platform_activity
from cegah.integrity.demo import seed_integrity_demo
from cegah.regions.actions import ensure_region
from cegah.test import Personas


def test_complaints_answered_on_time_are_counted_for_the_government(personas: Personas) -> None:
    ensure_region("33.10.25")
    complaint = forwarded(personas)
    year = timezone.localdate().year
    assert complaint_activity("33.10", year) == {"forwarded": 1, "answered_on_time": 0}
    complaint.first_response_at = timezone.now()
    complaint.save(update_fields=["first_response_at"])
    assert complaint_activity("33.10", year) == {"forwarded": 1, "answered_on_time": 1}
    assert complaint_activity("51", year) == {"forwarded": 0, "answered_on_time": 0}
    activity = platform_activity("33.10", year)
    assert activity.on_time_share == 100
    assert activity.gifts_received == 0 and activity.campaigns == 0


def test_posters_show_a_dash_while_the_offices_module_is_missing(
    client: Client, published: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cegah.offices.public", None)
    assert platform_activity("33.10", 2025).posters_printed is None
    page = client.get("/integritas/33.10/").content.decode()
    assert "bukan penyebab yang terukur" in page


def test_the_demo_seeds_the_published_figures_once(db: None) -> None:
    assert seed_integrity_demo in demo.registered()
    assert "created" in seed_integrity_demo(True)
    seed_integrity_demo(False)
    assert "created nothing; updated nothing" in seed_integrity_demo(False)
