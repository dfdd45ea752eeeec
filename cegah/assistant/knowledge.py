"""The seed knowledge base: YAML files in `knowledge/`, read into rows for `load_entries`.

Each file has a default `topic` and a list of `entries`; `_sources.yaml` maps short keys to
citations ("title | address") that entries name in `cite`. Every entry gets the seed's review
note and dates unless it gives its own (`reviewed_by`, `reviewed_on`, `expires`). A bad file
fails as a whole with the file and entry named (nothing is loaded).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from cegah.assistant import slots
from cegah.assistant.models import Topic, parse_citations

DIRECTORY = Path(__file__).with_name("knowledge")
SOURCES_FILE = "_sources.yaml"
# Written by the platform's developers from the domain notes, not yet reviewed by KPK.
SEED_REVIEWER = "Tim Cegah (data awal, menunggu tinjauan KPK)"
SEED_REVIEWED_ON = dt.date(2026, 12, 7)
SEED_EXPIRES_ON = dt.date(2027, 6, 30)


class KnowledgeFileError(ValueError):
    """The seed files are not valid; the message names the file and the entry."""


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeFileError(f"{where}: {value!r} is not a date") from exc


def read_rows(directory: Path = DIRECTORY) -> list[dict[str, Any]]:
    """Every entry of the seed files as `load_entries` takes it, in file order."""
    sources_path = directory / SOURCES_FILE
    sources: dict[str, str] = {}
    if sources_path.exists():
        sources = yaml.safe_load(sources_path.read_text(encoding="utf-8")).get("sources", {})
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    topics = set(Topic.values)
    for path in sorted(directory.glob("*.yaml")):
        if path.name == SOURCES_FILE:
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise KnowledgeFileError(f"{path.name}: {exc}") from exc
        default_topic = data.get("topic", "")
        for number, item in enumerate(data.get("entries", []), 1):
            slug = str(item.get("slug", ""))
            where = f"{path.name}, entry {number} ({slug or 'no slug'})"
            if not slug:
                raise KnowledgeFileError(f"{where}: no slug")
            if slug in seen:
                raise KnowledgeFileError(f"{where}: slug already used in {seen[slug]}")
            seen[slug] = path.name
            topic = item.get("topic", default_topic)
            if topic not in topics:
                raise KnowledgeFileError(f"{where}: unknown topic {topic!r}")
            title = (str(item.get("title_id", "")), str(item.get("title_en", "")))
            if not all(title):
                raise KnowledgeFileError(f"{where}: give title_id and title_en")
            citations = []
            for cite in item.get("cite", []):
                line = sources.get(cite, cite)
                if "|" not in line:
                    raise KnowledgeFileError(f"{where}: unknown source {cite!r}")
                citations.append(line)
            text = "\n".join(citations)
            try:
                parse_citations(text)
            except ValueError as exc:
                raise KnowledgeFileError(f"{where}: {exc}") from exc
            answers = (str(item.get("a_id", "")).strip(), str(item.get("a_en", "")).strip())
            for answer in answers:
                unknown = slots.unknown_slots(answer)
                if unknown:
                    raise KnowledgeFileError(f"{where}: unknown slots {unknown}")
            rows.append(
                {
                    "slug": slug,
                    "topic": topic,
                    "title_id": title[0],
                    "title_en": title[1],
                    "questions_id": "\n".join(str(q) for q in item.get("q_id", [])),
                    "questions_en": "\n".join(str(q) for q in item.get("q_en", [])),
                    "answer_id": answers[0],
                    "answer_en": answers[1],
                    "citations": text,
                    "reviewed_by": str(item.get("reviewed_by", SEED_REVIEWER)),
                    "reviewed_on": _date(item.get("reviewed_on", SEED_REVIEWED_ON), where),
                    "expires_on": _date(item.get("expires", SEED_EXPIRES_ON), where),
                }
            )
    return rows
