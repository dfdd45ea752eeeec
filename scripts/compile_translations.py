"""Compiles every .po file (the project's and each app's) into its .mo with polib, so no gettext
tools are needed to run Cegah.

With --check, fails when an Indonesian catalogue has an untranslated, fuzzy or obsolete entry,
or when a template shows text that does not go through `{% translate %}` or
`{% blocktranslate %}` (such text would stay in one language whatever the visitor chose).
Templates written per language (`privacy.id.html`, `privacy.en.html`) are not checked, and
a few words are the same in every language (`LANGUAGE_NEUTRAL`). Text that Python code puts
on a page is caught by `cegah/core/tests/test_language.py`, which compares rendered pages.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

# Words a template may show as they are: the product's name, units, file formats, and the
# languages' names written in their own language (the language switch, caption tracks).
LANGUAGE_NEUTRAL = {"Cegah", "NIP", "Rp", "PDF", "JPEG", "RSS", "Atom"}
OWN_NAMES = {"Bahasa Indonesia", "English"}
PER_LANGUAGE = re.compile(r"\.[a-z]{2}\.(html|txt)$")
TRANSLATED_BLOCK = re.compile(
    r"{%-?\s*(blocktranslate|blocktrans|comment)\b.*?{%-?\s*end(blocktranslate|blocktrans|comment)\s*-?%}",
    re.S,
)
TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
WORD = re.compile(r"[^\W\d_]{2,}")
TEXT_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "label"}


class _TemplateText(HTMLParser):
    """Text runs and labelling attributes left in a template once its tags are blanked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.hidden += 1
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value:
                self._keep(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self._keep(data)

    def _keep(self, text: str) -> None:
        text = " ".join(text.split())
        if text in OWN_NAMES or not set(WORD.findall(text)) - LANGUAGE_NEUTRAL:
            return
        self.found.append((self.getpos()[0], text))


def untranslated_template_text(paths: list[Path]) -> list[str]:
    """Text in these templates that no translation tag covers, as `path:line: text` lines."""
    problems = []
    for path in paths:
        if PER_LANGUAGE.search(path.name):
            continue
        source = path.read_text(encoding="utf-8")

        def blank(match: re.Match[str]) -> str:
            # Keep the line count, so the reported line is the template's.
            return "\n" * match.group(0).count("\n") + " "

        source = TEMPLATE_SYNTAX.sub(blank, TRANSLATED_BLOCK.sub(blank, source))
        parser = _TemplateText()
        parser.feed(source)
        for line, text in parser.found:
            problems.append(f"{path}:{line}: not translated: {text!r}")
    return problems


def templates() -> list[Path]:
    return sorted(
        path
        for pattern in ("templates/**/*", "cegah/*/templates/**/*")
        for path in ROOT.glob(pattern)
        if path.suffix in {".html", ".txt"}
    )


def main() -> int:
    check = "--check" in sys.argv
    problems: list[str] = []
    catalogues = [
        *ROOT.glob("locale/*/LC_MESSAGES/*.po"),
        *ROOT.glob("cegah/*/locale/*/LC_MESSAGES/*.po"),
    ]
    for po_path in sorted(catalogues):
        po = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            po.save_as_mofile(str(mo_path))
        if check and "/id/" in po_path.as_posix():
            for entry in po.untranslated_entries():
                problems.append(f"{po_path}:{entry.linenum}: untranslated: {entry.msgid!r}")
            for entry in po.fuzzy_entries():
                problems.append(f"{po_path}:{entry.linenum}: fuzzy: {entry.msgid!r}")
            for entry in po.obsolete_entries():
                problems.append(f"{po_path}:{entry.linenum}: obsolete: {entry.msgid!r}")
    if check:
        problems.extend(untranslated_template_text(templates()))
    for problem in problems:
        print(problem, file=sys.stderr)
    if check:
        print(f"Indonesian translation: {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
