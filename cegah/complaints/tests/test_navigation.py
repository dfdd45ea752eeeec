"""How people reach complaints: a tracking link in every header, and the inboxes in the
workspace of the staff who may use them (and only theirs)."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.complaints.tests.factories import login, unit_handler
from cegah.test import Personas

TRACK_LINK = '<a href="/keluhan/lacak/">Lacak keluhan</a>'
VERIFIER_LINK = '<a href="/keluhan/verifikasi/">Keluhan untuk diverifikasi</a>'
AGENCY_LINK = '<a href="/keluhan/instansi/">Keluhan untuk instansi saya</a>'


def header(client: Client, path: str = "/keluhan/lacak/") -> str:
    html = client.get(path).content.decode()
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def workspace(client: Client) -> str:
    response = client.get("/ruang-kerja/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("path", ["/", "/keluhan/baru/", "/keluhan/lacak/"])
def test_an_anonymous_visitor_sees_the_tracking_link_and_no_inbox(
    client: Client, db: None, path: str
) -> None:
    html = header(client, path)
    assert TRACK_LINK in html
    assert "/keluhan/verifikasi/" not in html
    assert "/keluhan/instansi/" not in html


def test_the_tracking_link_follows_the_language(client: Client, db: None) -> None:
    assert '<a href="/en/keluhan/lacak/">Track a complaint</a>' in header(client, "/en/")


def test_a_kpk_verifier_finds_the_verifier_inbox_in_the_workspace(
    client: Client, personas: Personas
) -> None:
    login(client, personas.kpk_officer)
    assert TRACK_LINK in header(client)
    html = workspace(client)
    assert VERIFIER_LINK in html
    assert "/keluhan/instansi/" not in html


@pytest.mark.parametrize("who", ["admin_a", "officer_b"])
def test_an_agency_administrator_or_handler_finds_the_agency_inbox_in_the_workspace(
    client: Client, personas: Personas, who: str
) -> None:
    html = workspace(login(client, getattr(personas, who)))
    assert AGENCY_LINK in html
    assert "/keluhan/verifikasi/" not in html


def test_a_handler_of_a_unit_finds_the_agency_inbox(client: Client, personas: Personas) -> None:
    assert AGENCY_LINK in workspace(login(client, unit_handler(personas)))


@pytest.mark.parametrize("who", ["citizen", "asn_a"])
def test_people_without_a_complaint_role_see_no_inbox(
    client: Client, personas: Personas, who: str
) -> None:
    login(client, getattr(personas, who))
    assert TRACK_LINK in header(client)
    for html in (header(client), workspace(client)):
        assert "/keluhan/verifikasi/" not in html
        assert "/keluhan/instansi/" not in html


def test_each_inbox_link_opens(client: Client, personas: Personas) -> None:
    login(client, personas.kpk_officer)
    assert client.get("/keluhan/verifikasi/").status_code == 200
    login(client, personas.admin_a)
    assert client.get("/keluhan/instansi/").status_code == 200
