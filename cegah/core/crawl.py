"""A crawler for the served build: every same-site link from the start pages, GET only.

It walks the site as a person clicking links would (a visitor, or a signed-in person whose
`requests.Session` carries the login), and reports what a person would hit: server errors
(5xx), internal links that lead nowhere (404, 405, 410, with the page that linked them), a
stylesheet, script or image that is missing, and pages heavier than a phone on a slow
connection should download (`Budgets`).

The crawl stays bounded however much data there is (91,599 regions, unbounded lists): URLs are
grouped by *shape* (the URL pattern Django resolves them to, or for Wagtail's pages the path
with ids, codes and slugs normalised, plus the names of the query parameters) and at most a
few of each shape are fetched, so every view and template is reached but not every row; a
page cap per crawl is the last guard.

Never followed: the sign-out link (it would end the session), Django's admin and Wagtail's
editorial interface (separate products; `/cms/` is only checked once not to fail), and
anything off the site. Feeds, downloads and other non-HTML answers are fetched for their
status but not parsed. Used by `manage.py crawl` and `scripts/served-check.sh`.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import requests
from django.urls import Resolver404, resolve
from django.utils import translation

# A phone on a slow connection (3G, a few hundred kB/s): one page's HTML and everything it
# loads from the site on a first visit, as transferred (compressed). KB = 1,000 bytes.
HTML_BUDGET = 100_000
PAGE_BUDGET = 350_000
SAMPLES_PER_SHAPE = 3
TIMEOUT = 60
DOWNLOAD_LIMIT = 20_000_000  # bytes read of one answer at most (videos, archives)

NEVER_FOLLOWED = ("/admin/", "/cms/")
SIGN_OUT = re.compile(r"/(logout|keluar)/?$")
CMS_PATH = "/cms/"
LOGIN_PATH = "/akun/login/"
# Answers that mean the link itself is broken (a 403 or a redirect to sign in is a normal
# answer to a link a person without the role may still see).
BROKEN = {404, 405, 410}
ACCEPT_ENCODING = "br, gzip"


class Budget(NamedTuple):
    """Bytes one page may weigh: its HTML, and its HTML with its CSS, scripts and images."""

    html: int
    total: int


def _justified_outliers() -> dict[str, Budget]:
    # The API's interactive documentation (Swagger UI, shipped by django-ninja) is a developer's
    # tool read at a desk, not a page a citizen meets: its ~360 KB of script is accepted.
    return {"/api/": Budget(HTML_BUDGET, 600_000)}


@dataclass(frozen=True)
class Budgets:
    """The weight budget of each page; `by_prefix` overrides it for paths under a prefix
    (the longest matching prefix wins, with or without the language prefix)."""

    html: int = HTML_BUDGET
    total: int = PAGE_BUDGET
    by_prefix: Mapping[str, Budget] = field(default_factory=_justified_outliers)

    def for_path(self, path: str) -> Budget:
        bare = _without_language(path)[1]
        matches = [p for p in self.by_prefix if path.startswith(p) or bare.startswith(p)]
        if not matches:
            return Budget(self.html, self.total)
        return self.by_prefix[max(matches, key=len)]


@dataclass(frozen=True)
class PageResult:
    """One address the crawl fetched: its answer, its HTML's transferred size and the page
    whose link led to it (None for a start page). `weight` adds the page's same-site CSS,
    scripts and images (HTML pages only)."""

    url: str
    status: int
    content_type: str
    size: int
    referrer: str | None
    weight: int = 0


@dataclass
class CrawlReport:
    """What one crawl fetched, and every problem it found (empty when all is well)."""

    pages: list[PageResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: int = 0  # links not followed because their shape had enough samples
    truncated: bool = False  # the page cap stopped the crawl

    @property
    def ok(self) -> bool:
        return not self.problems


class LoginFailed(RuntimeError):
    """The sign-in form did not accept the email and password."""


class _Links(HTMLParser):
    """The links (to follow) and subresources (to load with the page) of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.subresources: list[str] = []  # counted in the page's weight
        self.checked: list[str] = []  # must exist, not counted (media a person starts)
        # Each POST form's hidden inputs and the names of its other fields (to sign in).
        self.forms: list[tuple[dict[str, str], set[str]]] = []
        self._form: tuple[dict[str, str], set[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag in {"a", "area"} and a.get("href"):
            self.links.append(a["href"])
        elif tag == "link" and a.get("href"):
            if rel & {"stylesheet", "icon", "preload", "modulepreload"}:
                self.subresources.append(a["href"])
            elif rel & {"alternate", "canonical"}:
                self.links.append(a["href"])
            elif rel & {"manifest", "apple-touch-icon"}:
                self.checked.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.subresources.append(a["src"])
        elif tag == "img":
            if a.get("src"):
                self.subresources.append(a["src"])
            self.checked.extend(_srcset(a.get("srcset", "")))
        elif tag in {"source", "video", "audio", "track"}:
            for name in ("src", "poster"):
                if a.get(name):
                    self.checked.append(a[name])
            self.checked.extend(_srcset(a.get("srcset", "")))
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = ({}, set())
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and a.get("name"):
            if a.get("type") == "hidden":
                self._form[0][a["name"]] = a.get("value", "")
            else:
                self._form[1].add(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def _srcset(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def _without_language(path: str) -> tuple[str, str]:
    """('en', '/x/') for '/en/x/'; ('', '/x/') for the default language's '/x/'."""
    match = re.match(r"^/([a-z]{2})(/.*)$", path)
    if match and match.group(1) in _languages():
        return match.group(1), match.group(2)
    return "", path


def _languages() -> set[str]:
    from django.conf import settings

    return {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}


SEGMENT_ID = re.compile(r"\d")


def shape(url: str) -> str:
    """The URL's shape: its view's route (or, for Wagtail's page tree, its path with ids,
    codes and slugs normalised) and the names of its query parameters.

    `/wilayah/33.10/?page=4` and `/wilayah/51/?page=2` share a shape, `/keluhan/baru/` and
    `/en/keluhan/baru/` do not (each language is checked)."""
    parts = urlsplit(url)
    language, _bare = _without_language(parts.path)
    keys = ",".join(sorted({key for key, _value in parse_qsl(parts.query, True)}))
    route = None
    try:
        with translation.override(language or None):
            match = resolve(parts.path)
        if match.url_name != "wagtail_serve":
            route = match.route or match.view_name
    except Resolver404:
        pass
    if route is None:
        segments = [
            "{id}" if SEGMENT_ID.search(s) else "{slug}" if s.count("-") >= 2 else s
            for s in parts.path.split("/")
        ]
        route = "/".join(segments)
    return f"{route}?{keys}"


class _Crawler:
    def __init__(
        self,
        base_url: str,
        session: requests.Session,
        max_pages: int,
        budgets: Budgets,
        samples_per_shape: int,
    ) -> None:
        self.base = base_url.rstrip("/")
        self.netloc = urlsplit(self.base).netloc
        self.session = session
        self.max_pages = max_pages
        self.budgets = budgets
        self.samples = samples_per_shape
        self.report = CrawlReport()
        self.seen: set[str] = set()
        self.shapes: Counter[str] = Counter()
        self.resources: dict[str, int | None] = {}  # url -> transferred bytes, None if failed
        self.queue: deque[tuple[str, str | None]] = deque()

    def problem(self, text: str) -> None:
        if text not in self.report.problems:
            self.report.problems.append(text)

    def same_site(self, url: str) -> str | None:
        """The absolute URL without its fragment when it is on this site, otherwise None."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or parts.netloc != self.netloc:
            return None
        return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))

    def enqueue(self, href: str, referrer: str | None) -> None:
        url = self.same_site(urljoin(referrer or self.base + "/", href.strip()))
        if url is None or url in self.seen:
            return
        path = urlsplit(url).path
        bare = _without_language(path)[1]
        if bare.startswith(NEVER_FOLLOWED) or SIGN_OUT.search(path):
            return
        if path.startswith(("/static/",)):
            self.seen.add(url)
            self.resource(url, referrer or url)
            return
        key = shape(url)
        if self.shapes[key] >= self.samples:
            self.report.skipped += 1
            return
        self.shapes[key] += 1
        self.seen.add(url)
        self.queue.append((url, referrer))

    def get(self, url: str, *, follow: bool = False) -> requests.Response | None:
        try:
            return self.session.get(
                url,
                allow_redirects=follow,
                stream=True,
                timeout=TIMEOUT,
                headers={"Accept-Encoding": ACCEPT_ENCODING},
            )
        except requests.RequestException as exc:
            self.problem(f"could not fetch {self.show(url)}: {exc}")
            return None

    def show(self, url: str | None) -> str:
        return url.removeprefix(self.base) or "/" if url else "(start)"

    def read(self, response: requests.Response) -> bytes:
        """The whole answer (a download that breaks off half-way is a problem), up to a bound."""
        chunks = []
        try:
            for chunk in response.iter_content(64 * 1024):
                chunks.append(chunk)
                if response.raw.tell() > DOWNLOAD_LIMIT:
                    break
        except requests.RequestException as exc:
            self.problem(f"{self.show(response.url)} broke off while sending: {exc}")
        return b"".join(chunks)

    def resource(self, url: str, page: str) -> int:
        """Fetch a subresource once; its transferred size (0 when missing, reported)."""
        if url in self.resources:
            return self.resources[url] or 0
        self.resources[url] = None  # also stops a stylesheet that refers to itself
        response = self.get(url, follow=True)
        if response is None:
            return 0
        with response:
            body = self.read(response)
            if response.status_code != 200:
                self.problem(
                    f"{response.status_code} for {self.show(url)}, loaded by {self.show(page)}"
                )
                return 0
            self.resources[url] = response.raw.tell()
            if "css" in response.headers.get("Content-Type", ""):
                for ref in CSS_URL.findall(body.decode("utf-8", "replace")):
                    nested = self.same_site(urljoin(url, ref))
                    if nested:
                        self.resource(nested, url)
        return self.resources[url] or 0

    def page(self, url: str, referrer: str | None) -> None:
        response = self.get(url)
        if response is None:
            return
        with response:
            status = response.status_code
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
            html = content_type == "text/html" and status == 200
            body = self.read(response)
            size = response.raw.tell()
            if status >= 500:
                self.problem(f"{status} at {self.show(url)} (linked from {self.show(referrer)})")
            elif status in BROKEN:
                self.problem(
                    f"{status} at {self.show(url)}: a broken link on {self.show(referrer)}"
                )
            elif status in {301, 302, 303, 307, 308} and response.headers.get("Location"):
                self.enqueue(response.headers["Location"], url)
        weight = 0
        if html:
            parser = _Links()
            parser.feed(body.decode(response.encoding or "utf-8", "replace"))
            weight = size
            for src in dict.fromkeys(parser.subresources):
                sub = self.same_site(urljoin(url, src))
                if sub:
                    weight += self.resource(sub, url)
            for src in dict.fromkeys(parser.checked):
                sub = self.same_site(urljoin(url, src))
                if sub:
                    self.resource(sub, url)
            budget = self.budgets.for_path(urlsplit(url).path)
            if size > budget.html or weight > budget.total:
                self.problem(
                    f"over budget: {self.show(url)} weighs {weight / 1000:.0f} KB "
                    f"(HTML {size / 1000:.0f} KB); the budget is {budget.html / 1000:.0f} KB "
                    f"of HTML and {budget.total / 1000:.0f} KB in all"
                )
            for href in parser.links:
                self.enqueue(href, url)
        self.report.pages.append(PageResult(url, status, content_type, size, referrer, weight))

    def check_cms(self) -> None:
        url = self.base + CMS_PATH
        try:
            response = self.session.get(url, timeout=TIMEOUT)
        except requests.RequestException as exc:
            self.problem(f"could not fetch {CMS_PATH}: {exc}")
            return
        if response.status_code >= 500:
            self.problem(f"{response.status_code} at {CMS_PATH} (the editorial interface)")
        self.report.pages.append(
            PageResult(
                url,
                response.status_code,
                response.headers.get("Content-Type", "").split(";")[0],
                len(response.content),
                None,
            )
        )

    def run(self, start_paths: Sequence[str]) -> CrawlReport:
        for path in start_paths:
            self.enqueue(path, None)
        while self.queue:
            if len(self.report.pages) >= self.max_pages:
                self.report.truncated = True
                break
            self.page(*self.queue.popleft())
        self.check_cms()
        return self.report


def crawl(
    base_url: str,
    *,
    start_paths: Sequence[str] = ("/", "/en/"),
    session: requests.Session | None = None,
    max_pages: int = 2000,
    budgets: Budgets | None = None,
    samples_per_shape: int = SAMPLES_PER_SHAPE,
) -> CrawlReport:
    """Follow every same-site link from `start_paths` on the site at `base_url` and report
    what failed. `session` carries a login (see `login`); by default a visitor's."""
    crawler = _Crawler(
        base_url,
        session or requests.Session(),
        max_pages,
        budgets or Budgets(),
        samples_per_shape,
    )
    return crawler.run(start_paths)


def login(
    session: requests.Session,
    base_url: str,
    email: str,
    password: str,
    *,
    login_path: str = LOGIN_PATH,
) -> None:
    """Sign in through the real sign-in form (allauth), CSRF token and all; raises
    `LoginFailed` when the site does not accept the login."""
    url = base_url.rstrip("/") + login_path
    form = session.get(url, timeout=TIMEOUT)
    form.raise_for_status()
    parser = _Links()
    parser.feed(form.text)
    hidden = next((h for h, fields in parser.forms if "password" in fields), None)
    if hidden is None:
        raise LoginFailed(f"No sign-in form at {url}.")
    data = {**hidden, "login": email, "password": password}
    answer = session.post(
        url, data=data, headers={"Referer": url}, timeout=TIMEOUT, allow_redirects=False
    )
    if answer.status_code not in {302, 303} or urlsplit(
        answer.headers.get("Location", "")
    ).path.endswith(login_path):
        raise LoginFailed(f"{email} could not sign in at {url} ({answer.status_code}).")
