"""The header: a tracking link for everyone, inbox links for the staff who may use them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from pytest_django import DjangoAssertNumQueries

from cegah.accounts.models import User
from cegah.complaints.context_processors import complaint_inboxes
from cegah.complaints.tests.factories import login, unit_handler
from cegah.test import Personas

TRACK_LINK = '<a href="/keluhan/lacak/">Lacak keluhan</a>'
VERIFIER_LINK = '<a href="/keluhan/verifikasi/">Keluhan untuk diverifikasi</a>'
AGENCY_LINK = '<a href="/keluhan/instansi/">Keluhan untuk instansi saya</a>'


def header(client: Client, path: str = "/keluhan/lacak/") -> str:
    html = client.get(path).content.decode()
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


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


def test_a_kpk_verifier_sees_the_verifier_inbox(client: Client, personas: Personas) -> None:
    html = header(login(client, personas.kpk_officer))
    assert TRACK_LINK in html
    assert VERIFIER_LINK in html
    assert "/keluhan/instansi/" not in html


@pytest.mark.parametrize("who", ["admin_a", "officer_b"])
def test_an_agency_administrator_or_handler_sees_the_agency_inbox(
    client: Client, personas: Personas, who: str
) -> None:
    html = header(login(client, getattr(personas, who)))
    assert AGENCY_LINK in html
    assert "/keluhan/verifikasi/" not in html


def test_a_handler_of_a_unit_sees_the_agency_inbox(client: Client, personas: Personas) -> None:
    assert AGENCY_LINK in header(login(client, unit_handler(personas)))


@pytest.mark.parametrize("who", ["citizen", "asn_a"])
def test_people_without_a_complaint_role_see_no_inbox(
    client: Client, personas: Personas, who: str
) -> None:
    html = header(login(client, getattr(personas, who)))
    assert TRACK_LINK in html
    assert "/keluhan/verifikasi/" not in html
    assert "/keluhan/instansi/" not in html


def test_each_inbox_link_opens(client: Client, personas: Personas) -> None:
    login(client, personas.kpk_officer)
    assert client.get("/keluhan/verifikasi/").status_code == 200
    login(client, personas.admin_a)
    assert client.get("/keluhan/instansi/").status_code == 200


def test_the_links_cost_no_query_for_an_anonymous_visitor(
    rf: RequestFactory, django_assert_num_queries: DjangoAssertNumQueries, db: None
) -> None:
    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert complaint_inboxes(request)["complaint_inboxes"]() == []


def test_the_links_cost_one_query_for_a_signed_in_person_and_none_once_read(
    rf: RequestFactory, django_assert_num_queries: DjangoAssertNumQueries, personas: Personas
) -> None:
    request = rf.get("/")
    request.user = User.objects.get(pk=personas.officer_b.pk)
    links = complaint_inboxes(request)["complaint_inboxes"]
    with django_assert_num_queries(1):
        assert [link["url"] for link in links()] == ["/keluhan/instansi/"]
    with django_assert_num_queries(0):
        links()


def test_nothing_is_computed_until_a_template_asks(
    rf: RequestFactory, django_assert_num_queries: DjangoAssertNumQueries, personas: Personas
) -> None:
    request = rf.get("/")
    request.user = User.objects.get(pk=personas.kpk_officer.pk)
    with django_assert_num_queries(0):
        complaint_inboxes(request)
