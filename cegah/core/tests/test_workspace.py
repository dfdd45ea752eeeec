"""The workspace ("Ruang kerja"): each person sees exactly what their roles give them, with the
count waiting and the nearest deadline, assembled from what each app declares."""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.accounts.models import Membership, Role, User
from cegah.campaigns.access import personal_token
from cegah.campaigns.tests.factories import make_campaign, make_participant
from cegah.complaints.tests.factories import forwarded, submit
from cegah.core import workspace
from cegah.core.workspace import Entry
from cegah.gratification.tests.factories import create_draft
from cegah.gratification.tests.factories import submit as submit_report
from cegah.portal.actions import ensure_portal_tree
from cegah.regions.actions import ensure_region
from cegah.test import PASSWORD, Personas, make_user

JAKARTA = ZoneInfo("Asia/Jakarta")
# The day the gift in the report factory was received is a week earlier.
GIFT_DAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=JAKARTA)
# The first day of the campaign factory's Klaten campaign (24–26 April 2024).
CAMPAIGN_DAY = dt.datetime(2024, 4, 24, 9, 0, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def _throwaway_media(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture
def p(personas: Personas) -> Personas:
    ensure_region("33.10.25")
    return personas


def page(client: Client, user: User, path: str = "/ruang-kerja/") -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def entry(html: str, key: str) -> str:
    """The HTML of one entry (fails when the person does not have it)."""
    found = re.search(rf'<li class="card workspace-entry" id="{key}">(.*?)\n    </li>', html, re.S)
    assert found, f"no entry {key}"
    return found.group(1)


def keys(html: str) -> list[str]:
    return re.findall(r'<li class="card workspace-entry" id="([a-z-]+)">', html)


def waiting(html: str, key: str) -> int:
    found = re.search(r"<dt>Menunggu</dt><dd>(\d+)</dd>", entry(html, key))
    assert found
    return int(found.group(1))


# Who may open it


@pytest.mark.parametrize("path", ["/ruang-kerja/", "/en/ruang-kerja/"])
def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/akun/login/?next={path}")


def test_signing_in_lands_on_the_workspace_unless_next_says_otherwise(
    client: Client, p: Personas
) -> None:
    credentials = {"login": p.citizen.email, "password": PASSWORD}
    assert client.post("/akun/login/", credentials)["Location"] == "/ruang-kerja/"
    client.logout()
    response = client.post("/akun/login/?next=/keluhan/lacak/", credentials)
    assert response["Location"] == "/keluhan/lacak/"


def test_the_english_workspace_is_under_en(client: Client, p: Personas) -> None:
    html = page(client, p.kpk_officer, "/en/ruang-kerja/")
    assert "<h1>Workspace</h1>" in html
    assert 'href="/en/keluhan/verifikasi/"' in html


# What each person sees


def test_a_citizen_has_no_entries_and_is_shown_what_anyone_can_do(
    client: Client, p: Personas
) -> None:
    html = page(client, p.citizen)
    assert keys(html) == []
    assert "tidak memiliki peran petugas" in html
    assert 'href="/keluhan/baru/"' in html and 'href="/gratifikasi/cek/"' in html


def test_a_verifier_sees_the_complaints_waiting_and_the_nearest_verification_deadline(
    client: Client, p: Personas
) -> None:
    first, _second = submit(), submit(description="Pungutan lagi di loket kecamatan, Rp50.000.")
    html = page(client, p.kpk_officer)
    # KPK's officer also moderates the forum, follows offices and the integrity scores.
    assert keys(html) == [
        "complaints-verifier",
        "forum-queue",
        "forum-unanswered",
        "offices",
        "integrity",
        "privacy-access-log",
    ]
    assert waiting(html, "complaints-verifier") == 2
    assert first.verify_by is not None
    assert f'datetime="{first.verify_by.isoformat()}"' in entry(html, "complaints-verifier")
    assert 'href="/keluhan/verifikasi/"' in entry(html, "complaints-verifier")


def test_an_agency_administrator_sees_what_waits_on_the_agency(client: Client, p: Personas) -> None:
    complaint = forwarded(p)
    html = page(client, p.admin_a)
    # An administrator also runs the agency's campaigns, its accounts' reach, answers the
    # forum's questions about the agency and keeps its service offices.
    assert keys(html) == [
        "complaints-agency",
        "campaigns-run",
        "reach",
        "forum-unanswered",
        "offices",
    ]
    assert waiting(html, "complaints-agency") == 1
    deadline = min(filter(None, [complaint.first_response_by, complaint.resolve_by]))
    assert f'datetime="{deadline.isoformat()}"' in entry(html, "complaints-agency")


def test_the_counts_are_kept_between_views_and_refreshed_when_a_complaint_changes(
    client: Client, p: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    forwarded(p)
    assert waiting(page(client, p.admin_a), "complaints-agency") == 1
    # A second view reads the cached entries: only the session and the user are asked for.
    with django_assert_max_num_queries(3):
        html = client.get("/ruang-kerja/").content.decode()
    assert waiting(html, "complaints-agency") == 1
    forwarded(p)  # saving a complaint refreshes every person's counts
    assert waiting(client.get("/ruang-kerja/").content.decode(), "complaints-agency") == 2
    # A new role shows at once too.
    Membership.objects.create(user=p.admin_a, agency=p.agency_a, role=Role.FACT_CHECKER)
    assert "factchecks-queue" in keys(client.get("/ruang-kerja/").content.decode())


def test_an_officer_of_another_agency_sees_nothing_of_agency_a(client: Client, p: Personas) -> None:
    forwarded(p)
    html = page(client, p.officer_b)
    assert waiting(html, "complaints-agency") == 0
    assert "datetime=" not in entry(html, "complaints-agency")


@pytest.fixture
def upg_a(p: Personas) -> User:
    p.agency_a.has_gratification_unit = True
    p.agency_a.save()
    return make_user("upg.a@example.org", (p.agency_a, Role.GRATIFICATION_OFFICER))


@pytest.fixture
def frozen_at_gift_day() -> Iterator[None]:
    with time_machine.travel(GIFT_DAY, tick=False):
        yield


@pytest.mark.usefixtures("frozen_at_gift_day")
def test_a_civil_servant_sees_their_drafts_and_the_upg_what_was_sent_to_it(
    client: Client, p: Personas, upg_a: User
) -> None:
    client.force_login(p.asn_a)
    draft = create_draft(client)
    html = page(client, p.asn_a)
    assert keys(html) == ["gratification-mine"]
    assert waiting(html, "gratification-mine") == 1
    assert waiting(page(client, upg_a), "gratification-upg") == 0

    client.force_login(p.asn_a)
    report = submit_report(client, draft)
    assert waiting(page(client, p.asn_a), "gratification-mine") == 0
    html = page(client, upg_a)
    assert keys(html) == ["gratification-upg"]
    assert waiting(html, "gratification-upg") == 1
    assert f'datetime="{report.upg_forward_by.isoformat()}"' in entry(html, "gratification-upg")


def test_a_participant_reaches_their_personal_page_from_the_workspace(
    client: Client, p: Personas
) -> None:
    with time_machine.travel(CAMPAIGN_DAY, tick=False):
        campaign = make_campaign(p.admin_a, p.agency_a, [p.unit_a])
        participant = make_participant(campaign, p.unit_a, "Sri Lestari")
        participant.user = p.asn_a
        participant.save()
        html = page(client, p.asn_a)
        assert keys(html) == ["gratification-mine", "campaigns-participate"]
        link = f"/kampanye/saya/{personal_token(participant)}/"
        assert f'<a href="{link}">{campaign.title}</a>' in entry(html, "campaigns-participate")
        assert client.get(link).status_code == 200
    # After the campaign's last day the entry is gone (the link would say "closed").
    with time_machine.travel(CAMPAIGN_DAY + dt.timedelta(days=3), tick=False):
        assert keys(page(client, p.asn_a)) == ["gratification-mine"]


ROLE_ENTRIES = {
    Role.FACT_CHECKER: ["factchecks-queue"],
    Role.EDITOR: ["library-manage", "reach", "cms", "offices"],
    Role.MODERATOR: ["forum-queue", "cms"],
    Role.CAMPAIGN_MANAGER: ["campaigns-run", "reach"],
    Role.COMPLAINT_HANDLER: ["complaints-agency", "forum-unanswered"],
    Role.CIVIL_SERVANT: ["gratification-mine"],
    Role.KPK_OFFICER: [
        "forum-queue",
        "forum-unanswered",
        "offices",
        "integrity",
        "privacy-access-log",
    ],
    Role.INSPECTOR: ["privacy-access-log"],
}


@pytest.mark.parametrize("role", list(ROLE_ENTRIES))
def test_each_role_gives_its_own_entries_and_each_entry_opens(
    client: Client, p: Personas, role: Role
) -> None:
    ensure_portal_tree()  # editors and moderators get Wagtail's groups once the tree exists
    user = make_user(f"{role}@example.org", (p.agency_a, role))
    html = page(client, user)
    assert keys(html) == ROLE_ENTRIES[role]
    for url in re.findall(r'<h2><a href="([^"]+)">', html):
        assert client.get(url).status_code == 200, url


def test_everything_waiting_is_counted_in_a_bounded_number_of_queries(
    client: Client, p: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """One person with every role: the page asks each app once, however much waits."""
    ensure_portal_tree()
    for role in ROLE_ENTRIES:
        Membership.objects.create(user=p.kpk_officer, agency=p.agency_a, role=role)
    Membership.objects.create(user=p.kpk_officer, agency=p.kpk, role=Role.GRATIFICATION_OFFICER)
    client.force_login(p.kpk_officer)
    for _ in range(3):
        forwarded(p)
    # Each provider asks at most once whether it has something to show (the national
    # campaign overview, the fact-checks' second review, the forum's queue and unanswered
    # questions, the offices and the integrity scores included), whatever waits.
    with django_assert_max_num_queries(26):
        html = client.get("/ruang-kerja/").content.decode()
    assert waiting(html, "complaints-agency") == 3
    assert keys(html) == [
        "complaints-verifier",
        "complaints-agency",
        "gratification-kpk",
        "gratification-mine",
        "campaigns-run",
        "factchecks-queue",
        "library-manage",
        "reach",
        "forum-queue",
        "forum-unanswered",
        "cms",
        "offices",
        "integrity",
        "privacy-access-log",
    ]


# The registry


def test_a_provider_registered_again_is_kept_once_and_order_places_it(
    monkeypatch: pytest.MonkeyPatch, p: Personas
) -> None:
    monkeypatch.setattr(workspace, "_providers", [])

    @workspace.register(20)
    def second(user: User) -> list[Entry]:
        return [Entry(key="b", label="B", url="/b/")]

    @workspace.register(10)
    def first(user: User) -> list[Entry]:
        return [] if user.is_superuser else [Entry(key="a", label="A", url="/a/")]

    workspace.register(10)(first)
    assert [e.key for e in workspace.entries_for(p.citizen)] == ["a", "b"]


def test_an_entry_past_its_deadline_is_overdue(db: None) -> None:
    with time_machine.travel(GIFT_DAY, tick=False):
        assert Entry("x", "X", "/", deadline=dt.date(2026, 11, 22)).overdue
        assert not Entry("x", "X", "/", deadline=dt.date(2026, 11, 23)).overdue
        assert not Entry("x", "X", "/").overdue


def test_core_imports_no_app_to_build_the_workspace() -> None:
    """The page only assembles what the apps declare (`<app>/workspace.py`)."""
    core = Path(workspace.__file__).parent
    for name in ("workspace.py", "workspace_views.py"):
        tree = ast.parse((core / name).read_text(encoding="utf-8"))
        # Names imported for type hints only (`if TYPE_CHECKING:`) are not imports at run time.
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                node.body = []
        imported = [
            node.module or ""
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cegah.")
        ]
        assert all(module.startswith("cegah.core") for module in imported), imported


# The header


def test_the_header_links_every_public_section(client: Client, db: None) -> None:
    ensure_portal_tree()
    header = client.get("/").content.decode().split("</header>", 1)[0]
    for url in (
        "/berita/",
        "/pencegahan/",
        "/pustaka/",
        "/cek-fakta/",
        "/cari/",
        "/keluhan/baru/",
        "/keluhan/lacak/",
        "/keluhan/publik/",
        "/keluhan/statistik/",
        "/gratifikasi/cek/",
        "/gratifikasi/statistik/",
        "/tentang/",
        "/instansi/",
        "/tanya/",
        "/cek-biaya/",
        "/unit-layanan/",
        "/integritas/",
        "/diskusi/",
        "/pengetahuan/",
    ):
        assert f'href="{url}"' in header, url
        assert client.get(url).status_code == 200, url
    assert '<a href="/akun/login/">Masuk</a>' in header
    assert "/ruang-kerja/" not in header
    assert '<summary class="menu-button"><span class="menu-label">Menu</span></summary>' in header


def test_a_signed_in_person_finds_the_workspace_account_and_log_out_in_the_header(
    client: Client, p: Personas
) -> None:
    header = page(client, p.citizen, "/").split("</header>", 1)[0]
    assert '<a href="/ruang-kerja/">Ruang kerja</a>' in header
    assert '<a href="/akun/profil/">Akun saya</a>' in header
    assert ">Keluar</button>" in header
    assert "/akun/login/" not in header
