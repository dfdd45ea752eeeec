"""axe-core in Chromium on a phone: the key pages, in Indonesian, have no serious barriers.

The demo data (`seed_demo`, about 10 s) is loaded once for the module and served by a live
server of its own, so every page is checked with realistic content. pytest-django's
`live_server` would flush the database after each test, so this module starts its own
server, and at the end puts the database back as it found it (the data the migrations
created included), for the tests that run after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from cegah.accounts.models import Role, User
from cegah.agencies.models import Agency
from cegah.campaigns.access import personal_token
from cegah.campaigns.models import Campaign
from cegah.campaigns.tests.factories import make_campaign, make_participant
from cegah.complaints.tests.factories import submit
from cegah.regions.actions import ensure_region
from cegah.test import PASSWORD, make_user

# Not transactional: the demo data is committed once by the module fixture, and each test only
# reads (what the server writes, such as a session, is its own business).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "locale": "id-ID",
    "extra_http_headers": {"Accept-Language": "id"},
    "bypass_csp": True,  # axe is injected as an inline script; the site's CSP forbids those
}
GIFT = {
    "received_on": "2026-03-13",
    "form": "money",
    "kind": "gift",
    "value_idr": "2000000",
    "giver_relation": "business_partner",
    "occasion": "religious_holiday",
    "same_giver_total_this_year_idr": "",
    "conflict_of_interest": "on",
}

_seed_categories = importlib.import_module("cegah.complaints.migrations.0002_seed_categories")


@dataclasses.dataclass
class Site:
    """The running server and what the pages need: addresses and who signs in."""

    url: str
    paths: dict[str, str]
    users: dict[str, User]


# The pages checked, and who signs in first (None: nobody).
PAGES: dict[str, str | None] = {
    "home": None,
    "prevention": None,
    "news-list": None,
    "complaint-form": None,
    "complaint-tracking": None,
    "gift-check-first-step": None,
    "gift-check-result": None,
    "fact-check-submit": None,
    "fact-check-archive": None,
    "library-list": None,
    "campaign-personal-page": None,
    "campaign-dashboard": "manager",
    "reach": "reach",
    "search": None,
}

# Campaigns from the factory run 24–26 April 2024; personal links answer 410 Gone afterwards.
CLOCK = {"campaign-personal-page": dt.datetime(2024, 4, 25, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))}

# Rules switched off for one page, each with the reason (none so far).
EXCEPTIONS: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module")
def chromium(playwright: Playwright, browser_type_launch_args: dict[str, Any]) -> Iterator[Browser]:
    """Chromium launched here rather than through pytest-playwright's `browser`: that one is
    parametrized by browser name, so pytest would run this module next to the transactional
    browser tests, whose flushes would then reach the non-transactional tests after them."""
    browser = playwright.chromium.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def site(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Site]:
    """The demo data plus a complaint, a running campaign and two signed-in roles, served by a
    live server; uploads go to a temporary folder."""
    media = tmp_path_factory.mktemp("a11y-media")
    private = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    uploads = override_settings(
        MEDIA_ROOT=media / "public",
        STORAGES={
            **settings.STORAGES,
            "private": {**private, "OPTIONS": {"location": media / "private"}},
        },
    )
    uploads.enable()
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
        call_command("seed_demo", verbosity=0)
        _seed_categories.seed(apps, None)
        ensure_region("33.10.25")
        complaint = submit()
        klaten = Agency.objects.get(code="pemkab-klaten")
        kpk = Agency.objects.get(code="kpk")
        unit = Agency.objects.filter(parent=klaten).order_by("code").first()
        assert unit is not None
        campaign = Campaign.objects.filter(organiser=klaten).order_by("pk").first()
        assert campaign is not None
        users = {
            "manager": make_user("a11y.kampanye@example.org", (klaten, Role.CAMPAIGN_MANAGER)),
            "reach": make_user("a11y.jangkauan@example.org", (kpk, Role.CAMPAIGN_MANAGER)),
        }
        # The demo campaign has finished; a running one (of the same dates) for the personal link.
        running = make_campaign(users["manager"], klaten, [unit])
        participant = make_participant(running, unit, "Sri Wahyuni")
        paths = {
            "home": "/",
            "prevention": "/pencegahan/",
            "news-list": "/berita/",
            "complaint-form": "/keluhan/baru/",
            "complaint-tracking": f"/keluhan/{complaint.display_code}/",
            "gift-check-first-step": "/gratifikasi/cek/",
            "gift-check-result": f"/gratifikasi/cek/hasil/?{urlencode(GIFT)}",
            "fact-check-submit": "/cek-fakta/kirim/",
            "fact-check-archive": "/cek-fakta/",
            "library-list": "/pustaka/",
            "campaign-personal-page": f"/kampanye/saya/{personal_token(participant)}/",
            "campaign-dashboard": f"/kampanye/{campaign.pk}/dasbor/?hari=2024-04-24",
            "reach": "/jangkauan/",
            "search": "/cari/?q=gratifikasi",
        }
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
    try:
        yield Site(url=server.url, paths=paths, users=users)
    finally:
        with django_db_blocker.unblock():
            server._live_server_modified_settings.disable()
            # Only the thread: a request thread may still be closing Chromium's last
            # connection, and with an in-memory SQLite database it must still be allowed to
            # touch the shared connection (LiveServer.stop() would forbid that mid-request).
            server.thread.terminate()
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(before)
            # `flush` restarted PostgreSQL's sequences at 1 and the rows just put back keep
            # their ids: move every sequence past them, or the next insert collides.
            models = apps.get_models(include_auto_created=True)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        uploads.disable()


def _violations(page: Page, disabled: dict[str, str]) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE)
    options = {
        "runOnly": {"type": "tag", "values": WCAG},
        "rules": {rule: {"enabled": False} for rule in disabled},
    }
    return page.evaluate(
        """async (options) => {
            const results = await axe.run(document, options);
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map((n) => n.target.join(" ")),
            }));
        }""",
        options,
    )


WIDER_THAN_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
            + (e.className ? "." + String(e.className).split(" ").join(".") : ""));
}"""


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        lines.extend(f"    {target}" for target in v["targets"][:10])
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_key_page_has_no_serious_accessibility_violations_on_a_phone(
    chromium: Browser, site: Site, name: str
) -> None:
    who = PAGES[name]
    context = chromium.new_context(**PHONE)  # type: ignore[arg-type]
    clock = time_machine.travel(CLOCK[name]) if name in CLOCK else nullcontext()
    with clock:
        violations = _check(site, context, name, who)
    context.close()
    assert not violations, f"{name} ({site.paths[name]}):\n{_describe(violations)}"


def _check(site: Site, context: BrowserContext, name: str, who: str | None) -> list[dict[str, Any]]:
    page = context.new_page()
    if who is not None:
        # Through the form, so the server itself stores the session (on PostgreSQL it would not
        # see one written inside this test's transaction).
        page.goto(f"{site.url}/akun/login/")
        page.get_by_label("Email").fill(site.users[who].email)
        page.get_by_label("Sandi", exact=False).fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("button", name="Keluar")).to_have_count(1)
    response = page.goto(site.url + site.paths[name])
    assert response is not None, name
    assert response.status == 200, f"{name}: {response.status}"
    assert page.locator("html").get_attribute("lang") == "id"
    # axe cannot see this one: WCAG 1.4.10 (Reflow) asks that, at this width, nothing but a
    # wide table's own box scrolls sideways.
    wider = page.evaluate(WIDER_THAN_SCREEN)
    assert not wider, f"{name}: the page scrolls sideways on a phone because of {wider}"
    return [v for v in _violations(page, EXCEPTIONS.get(name, {})) if v["impact"] in BLOCKING]
