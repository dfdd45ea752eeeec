"""The news list page's weight as served by the production server (issue 5: under 150 KB).

Starts `manage.py serve --no-worker` (gunicorn gthread, WhiteNoise, GZipMiddleware: what
production runs, with DEBUG off) on a free loopback port, requests `/berita/` once so the
image renditions exist, then fetches the page again with `Accept-Encoding: gzip` and every
same-origin stylesheet, script, icon and image it names (and the `url()` references inside
the stylesheets), each once, summing the bytes on the wire (body plus response headers).

Two figures are reported, and both are held against the target:
- **1× screen**: each `<img>` once, at its `src` (the 480-pixel cards);
- **2× screen**: each `<img>` once, at its largest `srcset` candidate (the 720-pixel cards a
  phone with a 2× or denser screen picks for a full-width card).

Needs a migrated database with the demo content (`make setup`: `seed_demo` writes the news).
Results are printed as Markdown and written to var/bench/news_page.json.

Usage: .venv/bin/python bench/news_page.py [--path /berita/] [--strict]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from home_vs_trivial import (
    MAX_ASSETS,
    OUT_DIR,
    Asset,
    AssetParser,
    css_urls,
    fetch,
    git_revision,
    production_server,
)

JSON_PATH = OUT_DIR / "news_page.json"
TARGET_PAGE_BYTES = 150 * 1024


class DensityParser(AssetParser):
    """Like the home bench's parser, but each image once, as a screen of `density` picks it:
    `src` at 1×, the widest `srcset` candidate above that."""

    def __init__(self, density: int) -> None:
        super().__init__()
        self.density = density

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            super().handle_starttag(tag, attrs)
            return
        attributes = {name: value or "" for name, value in attrs}
        candidates = []
        for candidate in attributes.get("srcset", "").split(","):
            parts = candidate.split()
            if len(parts) == 2 and parts[1].endswith("w"):
                candidates.append((int(parts[1][:-1]), parts[0]))
        if self.density > 1 and candidates:
            self.assets.append((max(candidates)[1], f"img {self.density}x"))
        elif attributes.get("src"):
            self.assets.append((attributes["src"], "img"))


def page_assets(base_url: str, path: str, *, density: int) -> list[Asset]:
    """The page and what it references, each fetched once."""
    origin = urllib.parse.urlsplit(base_url)[:2]
    page_url = base_url + path
    document, html = fetch(base_url, page_url, "document")
    assets = [document]
    seen = {page_url}
    parser = DensityParser(density)
    parser.feed(html.decode("utf-8", "replace"))
    queue = [(urllib.parse.urljoin(page_url, url), kind) for url, kind in parser.assets]
    while queue and len(assets) < MAX_ASSETS:
        url, kind = queue.pop(0)
        url = urllib.parse.urldefrag(url).url
        if urllib.parse.urlsplit(url)[:2] != origin or url in seen:
            continue
        seen.add(url)
        asset, body = fetch(base_url, url, kind)
        assets.append(asset)
        if "stylesheet" in kind or asset.url.endswith(".css"):
            queue += [
                (urllib.parse.urljoin(url, ref), f"css ref ({asset.url})")
                for ref in css_urls(body.decode("utf-8", "replace"))
            ]
    return assets


def table(assets: list[Asset]) -> str:
    rows = ["| what | kind | status | encoding | bytes on the wire |", "|---|---|---:|---|---:|"]
    for a in assets:
        rows.append(
            f"| `{a.url[:70]}` | {a.kind} | {a.status} | {a.content_encoding or '-'} "
            f"| {a.wire_bytes:,} |"
        )
    total = sum(a.wire_bytes for a in assets)
    rows.append(f"| **total** | {len(assets)} responses | | | **{total:,}** |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", default="/berita/")
    parser.add_argument("--strict", action="store_true", help="Exit 1 when the target is missed.")
    args = parser.parse_args()
    with production_server(None) as base_url:
        warm, _ = fetch(base_url, base_url + args.path, "document")
        if warm.status != 200:
            print(f"{args.path} answered {warm.status}: run `make setup` (seed_demo) first.")
            return 1
        # Renditions are made on the first view of each size; fetch them all once.
        page_assets(base_url, args.path, density=1)
        page_assets(base_url, args.path, density=2)
        phone = page_assets(base_url, args.path, density=1)
        every = page_assets(base_url, args.path, density=2)
    failed = [a for a in phone + every if a.status != 200]
    phone_total = sum(a.wire_bytes for a in phone)
    every_total = sum(a.wire_bytes for a in every)
    images = sum(1 for a in phone if a.kind == "img")
    passed = every_total < TARGET_PAGE_BYTES and phone_total < TARGET_PAGE_BYTES and not failed
    print(f"## `{args.path}` on a 1× screen ({images} images)\n")
    print(table(phone))
    print(f"\n## `{args.path}` on a 2× screen\n")
    print(table(every))
    print(
        f"\n{'PASS' if passed else 'FAIL'}: {phone_total / 1024:.1f} KB on a 1× screen, "
        f"{every_total / 1024:.1f} KB on a 2× screen (target < {TARGET_PAGE_BYTES // 1024} KB "
        f"each); {len(failed)} non-200 responses."
    )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    JSON_PATH.write_text(
        json.dumps(
            {
                "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "revision": git_revision(),
                "path": args.path,
                "one_x_bytes": phone_total,
                "two_x_bytes": every_total,
                "target_bytes": TARGET_PAGE_BYTES,
                "passed": passed,
                "phone": [a.__dict__ for a in phone],
            },
            indent=2,
        )
    )
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
