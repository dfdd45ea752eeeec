"""Compiles every .po file (the project's and each app's) into its .mo with polib, so no gettext
tools are needed to run Cegah.

With --check, fails when the Indonesian catalogue has an untranslated or fuzzy entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


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
    for problem in problems:
        print(problem, file=sys.stderr)
    if check:
        print(f"Indonesian translation: {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
