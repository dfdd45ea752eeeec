"""Adds or updates Indonesian translations in a catalogue and compiles it, safely beside others.

    .venv/bin/python scripts/po_add.py CATALOGUE.po 'English msgid' 'Terjemahan Indonesia' [...]
    .venv/bin/python scripts/po_add.py CATALOGUE.po --file pairs.tsv   # msgid<TAB>msgstr lines

Pairs come two arguments at a time. A plural entry takes `msgid||msgid_plural` and a msgstr
(Indonesian has one plural form). A context takes `context::msgid`. The catalogue is locked
while it is read and written (several people and `makemessages` may touch it), and its .mo
is written straight after, so the running code sees the translation at once. `make messages`
later adds the source references; entries whose msgid matches what it extracts keep their
translation.
"""

from __future__ import annotations

import fcntl
import sys
from pathlib import Path

import polib


def _parse_pairs(args: list[str]) -> list[tuple[str, str]]:
    if len(args) >= 2 and args[0] == "--file":
        pairs = []
        for number, line in enumerate(Path(args[1]).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            if "\t" not in line:
                raise SystemExit(f"{args[1]}:{number}: expected msgid<TAB>msgstr")
            msgid, msgstr = line.split("\t", 1)
            pairs.append((msgid.replace("\\n", "\n"), msgstr.replace("\\n", "\n")))
        return pairs
    if len(args) % 2:
        raise SystemExit("Give pairs: msgid msgstr [msgid msgstr ...]")
    return [(args[i], args[i + 1]) for i in range(0, len(args), 2)]


def add(catalogue: Path, pairs: list[tuple[str, str]]) -> int:
    """Write each pair into the catalogue (replacing an older translation); return how many."""
    lock_path = catalogue.with_suffix(".lock")
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(catalogue), wrapwidth=79)
        for raw_id, msgstr in pairs:
            context = None
            if "::" in raw_id:
                context, raw_id = raw_id.split("::", 1)
            plural = None
            if "||" in raw_id:
                raw_id, plural = raw_id.split("||", 1)
            entry = po.find(raw_id, msgctxt=context) if context else po.find(raw_id)
            if entry is None or (context is None and entry.msgctxt):
                entry = polib.POEntry(msgid=raw_id, msgctxt=context)
                po.append(entry)
            if entry.obsolete:
                entry.obsolete = False
            if plural:
                entry.msgid_plural = plural
                entry.msgstr_plural = {0: msgstr}
            else:
                entry.msgstr = msgstr
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(catalogue))
        po.save_as_mofile(str(catalogue.with_suffix(".mo")))
    return len(pairs)


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    catalogue = Path(sys.argv[1])
    if not catalogue.exists():
        raise SystemExit(f"{catalogue} does not exist")
    count = add(catalogue, _parse_pairs(sys.argv[2:]))
    print(f"{catalogue}: {count} translation(s) written and compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
