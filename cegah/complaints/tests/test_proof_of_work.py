"""ALTCHA proof of work on the public complaint form, and the stricter limit without it."""

from __future__ import annotations

import base64
import json
from typing import Any

import altcha
import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.complaints.models import Complaint
from cegah.complaints.tests.factories import form_data

pytestmark = pytest.mark.usefixtures("regions")

NEW = "/keluhan/baru/"
CHALLENGE = "/altcha/challenge"


def solved(client: Client) -> str:
    """What the browser's widget puts in the form: the challenge from the server, solved."""
    response = client.get(CHALLENGE)
    assert response.status_code == 200
    challenge = response.json()
    solution = altcha.solve_challenge(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxnumber"]
    )
    assert solution is not None
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def submit(client: Client, token: str, **values: Any) -> Any:
    return client.post(NEW, form_data(form_token=f"pow-token-{token}-abcdefgh", **values))


def test_the_form_carries_the_widget_and_a_no_script_fallback(client: Client) -> None:
    html = client.get(NEW).content.decode()
    assert "<altcha-widget" in html
    assert 'challengeurl="/altcha/challenge"' in html
    assert 'workerurl="/static/vendor/altcha/worker.js"' in html
    assert '<script src="/static/vendor/altcha/altcha.js" defer>' in html
    assert "Saya bukan robot" in html  # the widget's own words, in Indonesian
    assert '<noscript><input type="hidden" name="altcha" value=""></noscript>' in html


class FoundFilesOnlyStorage(StaticFilesStorage):
    """Refuses an address for a file no finder knows, as the served build's manifest does."""

    def url(self, name: str | None) -> str:
        if name is None or finders.find(name) is None:
            raise ValueError(f"Missing staticfiles manifest entry for {name!r}")
        return super().url(name)


def test_the_widget_asks_only_for_static_files_the_project_collects(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": f"{__name__}.FoundFilesOnlyStorage"},
    }
    for path in (NEW, "/en" + NEW):
        assert client.get(path).status_code == 200


def test_the_challenge_is_signed_fresh_and_never_cached(client: Client) -> None:
    first, second = client.get(CHALLENGE), client.get(CHALLENGE)
    assert "no-cache" in first["Cache-Control"] or "max-age=0" in first["Cache-Control"]
    assert first.json()["challenge"] != second.json()["challenge"]
    assert set(first.json()) >= {"algorithm", "challenge", "salt", "signature", "maxnumber"}
    assert client.post(CHALLENGE).status_code == 405


def test_a_solved_proof_is_accepted_once(client: Client) -> None:
    proof = solved(client)
    assert submit(client, "a", altcha=proof).status_code == 302
    assert Complaint.objects.count() == 1
    # The same proof again (a replay) is refused, and what was typed is kept.
    again = submit(client, "b", altcha=proof, description="Pungutan di loket perizinan lagi.")
    html = again.content.decode()
    assert again.status_code == 400
    assert "Pemeriksaan robot ini sudah dipakai" in html
    assert "Pungutan di loket perizinan lagi." in html
    assert Complaint.objects.count() == 1


def test_a_forged_proof_is_refused_with_the_form_kept(client: Client) -> None:
    proof = json.loads(base64.b64decode(solved(client)))
    proof["number"] += 1
    forged = base64.b64encode(json.dumps(proof).encode()).decode()
    response = submit(client, "c", altcha=forged)
    assert response.status_code == 400
    assert "Pemeriksaan robot tidak lolos" in response.content.decode()
    assert 'value="Sri Rahayu"' in response.content.decode()
    assert Complaint.objects.count() == 0


def test_without_javascript_a_few_complaints_go_through_then_the_form_asks_for_it(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.COMPLAINTS_UNPROVEN_RATE = "2/hour"
    for i in range(2):
        assert submit(client, f"nojs{i}").status_code == 302
    refused = submit(client, "nojs3", description="Kepala desa meminta uang pelicin.")
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "tanpa pemeriksaan robot" in html
    assert "Kepala desa meminta uang pelicin." in html
    assert Complaint.objects.count() == 2
    # With the proof the same connection still gets through: only robots are held back.
    assert submit(client, "js1", altcha=solved(client)).status_code == 302
    assert Complaint.objects.count() == 3
