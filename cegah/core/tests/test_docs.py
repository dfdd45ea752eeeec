"""The documentation of settings stays true to the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READERS = re.compile(r"""env_(?:str|bool|int|list|choice)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def _variables_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "cegah").rglob("*.py"):
        if "tests" not in path.parts:
            names |= set(READERS.findall(path.read_text()))
    return names


def test_every_variable_the_code_reads_is_in_env_example_and_docs_settings() -> None:
    names = _variables_read_by_the_code()
    assert {"SECRET_KEY", "DATABASE_URL", "CEGAH_ENV"} <= names
    example = (ROOT / ".env.example").read_text()
    docs = (ROOT / "docs" / "settings.md").read_text()
    assert sorted(n for n in names if n not in example) == []
    assert sorted(n for n in names if f"`{n}`" not in docs) == []
