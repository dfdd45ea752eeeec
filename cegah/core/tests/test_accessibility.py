"""axe-core and reflow in Chromium on phones: every public page, at 320 px and with the text doubled.

Each page is checked in two conditions: a 320 px wide phone, and a 360 px phone with the root
font size doubled (Android's font-size setting, WCAG 1.4.4). In both, no page may scroll
sideways (WCAG 1.4.10: only a wide table's own box may), and axe-core may find no serious or
critical WCAG 2.1 A/AA violation. The pages are every public page the crawler finds from `/` and
`/en/` (one per URL shape: view and language), the key pages a visitor reaches only by acting (a
tracking page, a gift-check result, a campaign's personal page), and the staff inboxes and
statistics as demo logins.

The demo data (`seed_demo`, about 10 s) is loaded once for the module and served by a live
server of its own, so every page is checked with realistic content. pytest-django's
`live_server` would flush the database after each test, so this module starts its own
server, and at the end puts the database back as it found it (the data the migrations
created included), for the tests that run after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from pytest_django import DjangoDbBlocker

from cegah.accounts.models import Role, User
from cegah.agencies.demo import DEMO_PASSWORD
from cegah.agencies.models import Agency
from cegah.campaigns.access import personal_token
from cegah.campaigns.models import Campaign
from cegah.campaigns.tests.factories import make_campaign, make_participant
from cegah.complaints import actions as complaint_actions
from cegah.complaints.tests.factories import submit
from cegah.core.crawl import crawl, shape
from cegah.core.tests.demo_server import launch_chromium, served_demo
from cegah.regions.actions import ensure_region
from cegah.test import PASSWORD, make_user

# Layout and axe-core run in the browser and do not depend on the database engine, and CI runs
# the suite once on each engine: on PostgreSQL this module would only repeat the SQLite run.
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# Not transactional: the demo data is committed once by the module fixture, and each test only
# reads (what the server writes, such as a session, is its own business).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
    pytest.mark.skipif(
        ON_POSTGRESQL,
        reason="Engine-independent (layout and axe-core in Chromium): CI runs it on SQLite; "
        "skipped on PostgreSQL (DATABASE_URL) to save CI time.",
    ),
]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "locale": "id-ID",
    "extra_http_headers": {"Accept-Language": "id"},
    # axe and the larger text are injected inline; the site's CSP forbids inline code and styles.
    "bypass_csp": True,
}


@dataclasses.dataclass(frozen=True)
class Condition:
    """A phone width and a root font size (None: the browser's default, 16 px)."""

    label: str
    width: int
    root_font_size: str | None = None


NARROW = Condition("320px", 320)
LARGE_TEXT = Condition("360px-text-200%", 360, "200%")
PHONE_360 = Condition("360px", 360)
# 320 px is the narrowest phone WCAG 1.4.10 asks for; 200% the text size WCAG 1.4.4 asks for.
CONDITIONS = [NARROW, LARGE_TEXT]

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


@dataclasses.dataclass
class Site:
    """The running server and what the pages need: addresses and who signs in."""

    url: str
    paths: dict[str, str]
    users: dict[str, User]


# Pages a visitor reaches only by acting (no link leads there), and who signs in first.
PAGES: dict[str, str | None] = {
    "complaint-tracking": None,
    "gift-check-result": None,
    "campaign-personal-page": None,
    "campaign-dashboard": "manager",
    "reach": "reach",
    "search": None,
}

# Campaigns from the factory run 24–26 April 2024; personal links answer 410 Gone afterwards.
CLOCK = {"campaign-personal-page": dt.datetime(2024, 4, 25, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))}

# Staff pages named in issue 11 (inboxes, statistics, lists with wide tables), by demo login.
STAFF: dict[str, list[str]] = {
    "kpk@demo.example": [
        "core:workspace",
        "complaints:verifier_inbox",
        "gratification:kpk_inbox",
        "gratification:report_list",
        "complaints:statistics",
        "gratification:statistics",
        "library:manage",
        "reach:accounts",
    ],
    "setda.klaten@demo.example": [
        "core:workspace",
        "complaints:agency_inbox",
        "complaints:public_list",
        "gratification:statistics",
        "campaigns:list",
        "accounts:profile",
    ],
}

# Crawled addresses left out, each with the reason.
NOT_CHECKED = {
    "/api/": "the API's documentation is Swagger UI, a vendored third-party interface",
    "/cms/": "Wagtail's editorial interface, for signed-in editors",
    "/admin/": "Django's admin, for signed-in staff",
    "/en/admin/": "Django's admin, for signed-in staff",
}

# Rules switched off for one page (a key page's name or a crawled path), each with the reason
# (none so far).
EXCEPTIONS: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module")
def chromium(playwright: Playwright, browser_type_launch_args: dict[str, Any]) -> Iterator[Browser]:
    yield from launch_chromium(playwright, browser_type_launch_args)


@pytest.fixture(scope="module")
def site(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Site]:
    """The demo data plus complaints (one received, one forwarded, one resolved), a running
    campaign and two signed-in roles, served by a live server; uploads go to a temporary folder."""

    def prepare() -> tuple[dict[str, str], dict[str, User]]:
        ensure_region("33.10.25")
        complaint = submit()
        klaten = Agency.objects.get(code="pemkab-klaten")
        kpk = Agency.objects.get(code="kpk")
        _forward_and_resolve(klaten)
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
            "complaint-tracking": f"/keluhan/{complaint.display_code}/",
            "gift-check-result": f"/gratifikasi/cek/hasil/?{urlencode(GIFT)}",
            "campaign-personal-page": f"/kampanye/saya/{personal_token(participant)}/",
            "campaign-dashboard": f"/kampanye/{campaign.pk}/dasbor/?hari=2024-04-24",
            "reach": "/jangkauan/",
            "search": "/cari/?q=gratifikasi",
        }
        return paths, users

    media = tmp_path_factory.mktemp("a11y-media")
    with served_demo(django_db_blocker, media, prepare) as (url, (paths, users)):
        yield Site(url=url, paths=paths, users=users)


def _forward_and_resolve(agency: Agency) -> None:
    """Two complaints through the demo logins, so the public list, the statistics and the
    inboxes show their tables rather than "nothing yet"."""
    verifier = User.objects.get(email="kpk@demo.example")
    admin = User.objects.get(email="setda.klaten@demo.example")
    for resolve_it in (False, True):
        complaint = submit(category="perizinan" if resolve_it else "pungli")
        complaint_actions.verify_complaint(actor=verifier, complaint=complaint)
        complaint_actions.forward_complaint(actor=verifier, complaint=complaint, agency=agency)
        if resolve_it:
            complaint_actions.resolve_complaint(
                actor=admin, complaint=complaint, reply="Uang sudah dikembalikan ke sekolah."
            )


@pytest.fixture(scope="module")
def public_pages(site: Site, django_db_blocker: DjangoDbBlocker) -> list[str]:
    """Every HTML page a visitor reaches by following links from `/` and `/en/`, one per URL
    shape (one per view and language, so one per template), as paths with their query."""
    with django_db_blocker.unblock():  # for the server's requests, before any test's own access
        report = crawl(site.url, start_paths=("/", "/en/"), max_pages=600)
    chosen: dict[str, str] = {}
    for result in report.pages:
        if result.status != 200 or not result.content_type.startswith("text/html"):
            continue
        parts = urlsplit(result.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if any(path.startswith(prefix) for prefix in NOT_CHECKED):
            continue
        chosen.setdefault(shape(path), path)
    return sorted(chosen.values())


def _new_context(chromium: Browser, condition: Condition) -> BrowserContext:
    options = {**PHONE, "viewport": {"width": condition.width, "height": 740}}
    return chromium.new_context(**options)  # type: ignore[arg-type]


def _apply(page: Page, condition: Condition) -> None:
    page.set_viewport_size({"width": condition.width, "height": 740})
    if condition.root_font_size is not None:
        # What Android's font size setting does to a page whose CSS sizes text in rem and em.
        page.add_style_tag(content=f":root {{ font-size: {condition.root_font_size} !important; }}")


def _sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    # Through the form, so the server itself stores the session (on PostgreSQL it would not
    # see one written inside this test's transaction).
    page.goto(f"{base_url}/akun/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Sandi", exact=False).fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/login/" not in url)


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


# Whether the page scrolls sideways, and if so the first elements reaching past the screen's
# right edge (their box, or their content when it spills out of a box that lets it), leaving
# out what sits inside a box of its own that scrolls or clips (a wide table's).
WIDER_THAN_SCREEN = """() => {
    const width = document.scrollingElement.clientWidth;
    if (document.scrollingElement.scrollWidth <= width) return null;
    const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
        + (typeof e.className === "string" && e.className.trim()
            ? "." + e.className.trim().split(/\\s+/).join(".") : "");
    const contained = (e) => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== "visible") return true;
        }
        return false;
    };
    const culprits = [];
    for (const e of document.body.querySelectorAll("*")) {
        if (contained(e)) continue;
        const box = e.getBoundingClientRect();
        const spills = getComputedStyle(e).overflowX === "visible";
        const right = spills ? Math.max(box.right, box.left + e.scrollWidth) : box.right;
        if (box.width > 0 && right > width + 1) culprits.push(name(e) + " (to " + Math.round(right) + " px)");
        if (culprits.length >= 5) break;
    }
    return {scrollWidth: document.scrollingElement.scrollWidth, width, culprits};
}"""


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        lines.extend(f"      {target}" for target in v["targets"][:10])
    return "\n".join(lines)


def _problems(page: Page, url: str, condition: Condition, disabled: dict[str, str]) -> list[str]:
    """What is wrong with the page at `url` in `condition`, one line (or block) per problem."""
    where = f"{urlsplit(url).path}{'?' + urlsplit(url).query if urlsplit(url).query else ''}"
    where = f"{where} at {condition.label}"
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"{where}: answered {response.status if response else 'nothing'}"]
    _apply(page, condition)
    problems = []
    wider = page.evaluate(WIDER_THAN_SCREEN)
    if wider:
        problems.append(
            f"{where}: scrolls sideways ({wider['scrollWidth']} px wide on a {wider['width']} px "
            f"screen) because of {', '.join(wider['culprits']) or 'text or a pseudo-element'}"
        )
    blocking = [v for v in _violations(page, disabled) if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"{where}: axe-core\n{_describe(blocking)}")
    return problems


def _check_all(page: Page, base_url: str, paths: Sequence[str], condition: Condition) -> list[str]:
    problems: list[str] = []
    for path in paths:
        problems += _problems(page, base_url + path, condition, EXCEPTIONS.get(path, {}))
    return problems


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.label)
@pytest.mark.parametrize("name", list(PAGES))
def test_key_page_reflows_and_has_no_serious_accessibility_violations(
    chromium: Browser, site: Site, name: str, condition: Condition
) -> None:
    context = _new_context(chromium, condition)
    page = context.new_page()
    who = PAGES[name]
    if who is not None:
        _sign_in(page, site.url, site.users[who].email, PASSWORD)
    clock = time_machine.travel(CLOCK[name]) if name in CLOCK else nullcontext()
    with clock:
        problems = _problems(page, site.url + site.paths[name], condition, EXCEPTIONS.get(name, {}))
        lang = page.locator("html").get_attribute("lang")
    context.close()
    assert not problems, f"{name}:\n" + "\n".join(problems)
    assert lang == "id"


@pytest.mark.parametrize("email", list(STAFF))
def test_staff_inboxes_and_statistics_reflow_on_phones(
    chromium: Browser, site: Site, email: str
) -> None:
    context = _new_context(chromium, PHONE_360)
    page = context.new_page()
    _sign_in(page, site.url, email, DEMO_PASSWORD)
    paths = [reverse(name) for name in STAFF[email]]
    problems: list[str] = []
    for condition in (PHONE_360, *CONDITIONS):
        problems += _check_all(page, site.url, paths, condition)
    context.close()
    assert not problems, f"{email}, {len(problems)} problem(s):\n" + "\n".join(problems)


# Tabs through the page and, for each element that takes the focus, measures its ring against
# the background around it (the first opaque background of its ancestors): the dark outline or
# the light halo (box-shadow) must reach 3:1 (WCAG 1.4.11), whichever the background favours.
FOCUS_RINGS = """() => {
    const rgb = (text) => {
        const m = text && text.match(/rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?/);
        return m && (m[4] === undefined || Number(m[4]) > 0.5) ? [m[1], m[2], m[3]].map(Number) : null;
    };
    const luminance = (c) => {
        const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    // Focus inside a native control's own parts (a date field's calendar button): the browser
    // draws that ring, styled in cegah.css, where the page's styles cannot be read.
    if (!e.matches(":focus-visible")) return {element: e.outerHTML.slice(0, 80), contrast: null};
    let around = [255, 255, 255];
    for (let p = e.parentElement; p; p = p.parentElement) {
        const bg = rgb(getComputedStyle(p).backgroundColor);
        if (bg) { around = bg; break; }
    }
    const style = getComputedStyle(e);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 ? rgb(style.outlineColor) : null;
    const halo = rgb(style.boxShadow);
    const best = Math.max(outline ? contrast(outline, around) : 0, halo ? contrast(halo, around) : 0);
    return {element: e.outerHTML.slice(0, 80), contrast: Math.round(best * 100) / 100};
}"""


@pytest.mark.parametrize("path", ["/", "/keluhan/baru/"])
def test_focus_ring_stands_out_from_what_surrounds_it(
    chromium: Browser, site: Site, path: str
) -> None:
    context = _new_context(chromium, PHONE_360)
    page = context.new_page()
    page.goto(site.url + path)
    weak, seen = [], 0
    for _stop in range(60):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RINGS)
        if ring is None:
            break
        seen += 1
        if ring["contrast"] is not None and ring["contrast"] < 3:
            weak.append(f"{ring['contrast']}:1 {ring['element']}")
    context.close()
    assert seen > 5, f"only {seen} focus stops on {path}"
    assert not weak, f"{path}: focus rings under 3:1:\n" + "\n".join(weak)


# Last: the tests above sign in (the server writes a session); these only read. In one run with
# them first, sign-ins after them failed with "database table is locked" (SQLite in memory,
# one connection shared by the live server's request threads).
def test_the_crawler_finds_the_public_pages_to_check(public_pages: list[str]) -> None:
    for path in ("/", "/en/", "/berita/", "/pencegahan/", "/wilayah/", "/keluhan/baru/"):
        assert path in public_pages, f"{path} not among {public_pages}"


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.label)
def test_every_crawled_public_page_reflows_and_has_no_serious_accessibility_violations(
    chromium: Browser, site: Site, public_pages: list[str], condition: Condition
) -> None:
    context = _new_context(chromium, condition)
    problems = _check_all(context.new_page(), site.url, public_pages, condition)
    context.close()
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
