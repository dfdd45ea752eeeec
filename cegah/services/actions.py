"""Writes of the services app: loading fee data files (the national table, or a region's
local levies) as reviewed, published versions with history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.db import transaction

from cegah.services.models import Confidence, FeeItem, LegalBasis, Sector, Service

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

NATIONAL_FEES = Path(__file__).with_name("data") / "national_fees.yaml"

SERVICE_FIELDS = ("name", "name_en", "sector", "description", "description_en", "aliases")
ITEM_TEXT_FIELDS = (
    "label",
    "label_en",
    "unit",
    "unit_en",
    "conditions",
    "conditions_en",
    "covers",
    "covers_en",
    "not_covered",
    "not_covered_en",
    "exemptions",
    "exemptions_en",
)


class FeeDataError(Exception):
    """A fee data file that cannot be loaded; `problems` names every one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    """What `load_fees` did (or would do, on a dry run)."""

    services_created: int = 0
    services_updated: int = 0
    items_created: int = 0
    items_updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        prefix = "would create" if self.dry_run else "created"
        return (
            f"fees: {prefix} {self.services_created} services and {self.items_created} fee "
            f"items, updated {self.services_updated + self.items_updated}, "
            f"{self.unchanged} unchanged"
        )


def _text(value: Any) -> tuple[str, str]:
    """A text in the file: a plain string (Indonesian), or {id:, en:} from a shared block."""
    if isinstance(value, dict):
        return str(value.get("id", "")), str(value.get("en", ""))
    return ("" if value is None else str(value)), ""


def _date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        return None


@dataclass
class _Version:
    service_code: str
    variant: str
    region_code: str
    fields: dict[str, Any]
    legal: list[dict[str, str]]


def parse_fee_data(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[_Version]]:
    """Services and fee item versions of a data file, checked whole: raises FeeDataError with
    every problem (no partial load)."""
    problems: list[str] = []
    services: list[dict[str, Any]] = []
    versions: list[_Version] = []
    checked = _date(data.get("last_checked"), "last_checked", problems)
    sectors = set(Sector.values)
    confidences = set(Confidence.values)
    for s_index, raw in enumerate(data.get("services") or [], 1):
        code = str(raw.get("code") or "")
        where = f"service {s_index} ({code or '?'})"
        if not code:
            problems.append(f"{where}: no code")
            continue
        if raw.get("sector") not in sectors:
            problems.append(f"{where}: unknown sector {raw.get('sector')!r}")
        services.append(
            {
                "code": code,
                "name": str(raw.get("name") or ""),
                "name_en": str(raw.get("name_en") or ""),
                "sector": raw.get("sector"),
                "description": str(raw.get("description") or ""),
                "description_en": str(raw.get("description_en") or ""),
                "aliases": "\n".join(str(a) for a in raw.get("aliases") or []),
                "sort_order": s_index * 10,
            }
        )
        for i_index, item in enumerate(raw.get("items") or [], 1):
            variant = str(item.get("variant") or "standar")
            periods: list[tuple[dt.date, dt.date | None]] = []
            for v_index, version in enumerate(item.get("versions") or [], 1):
                at = f"{where} item {i_index} ({variant}) version {v_index}"
                fields: dict[str, Any] = {}
                merged = {**item, **version}
                for name in ("label", "unit", "conditions", "covers", "not_covered", "exemptions"):
                    text_id, text_en = _text(merged.get(name))
                    fields[name] = text_id
                    fields[f"{name}_en"] = str(merged.get(f"{name}_en") or text_en)
                amount = version.get("amount")
                if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
                    problems.append(f"{at}: amount must be whole rupiah, 0 or more")
                confidence = version.get("confidence")
                if confidence not in confidences:
                    problems.append(f"{at}: confidence must be sure, likely or unsure")
                start = _date(version.get("from"), at, problems)
                end = _date(version.get("to"), at, problems)
                if start is None:
                    problems.append(f"{at}: no start date")
                    continue
                if end and end < start:
                    problems.append(f"{at}: ends before it starts")
                for other_start, other_end in periods:
                    if start <= (other_end or dt.date.max) and other_start <= (end or dt.date.max):
                        problems.append(f"{at}: overlaps another version of this case")
                periods.append((start, end))
                legal = version.get("legal") or []
                if not legal:
                    problems.append(f"{at}: no legal basis")
                fields.update(
                    amount_idr=amount,
                    confidence=confidence,
                    valid_from=start,
                    valid_to=end,
                    confidence_note=str(version.get("note") or ""),
                    last_checked=_date(version.get("checked"), at, problems) or checked,
                    regions_may_override=bool(merged.get("regions_may_override", False)),
                    sort_order=int(merged.get("sort_order", i_index * 10)),
                )
                versions.append(
                    _Version(code, variant, str(merged.get("region") or ""), fields, list(legal))
                )
    if problems:
        raise FeeDataError(problems)
    return services, versions


def _legal_rows(legal: list[dict[str, str]]) -> list[LegalBasis]:
    return [
        LegalBasis(
            title=str(b.get("title") or ""),
            article=str(b.get("article") or ""),
            annex_item=str(b.get("annex_item") or ""),
            url=str(b.get("url") or ""),
            sort_order=n,
        )
        for n, b in enumerate(legal)
    ]


def _legal_key(rows: list[LegalBasis]) -> list[tuple[str, str, str, str]]:
    return [(r.title, r.article, r.annex_item, r.url) for r in rows]


def _publish(obj: Service | FeeItem, user: User | None) -> None:
    """Save a reviewed change as a revision and publish it: history kept, live at once
    (the data file itself was reviewed in code review)."""
    revision = obj.save_revision(user=user, log_action=True)
    revision.publish(user=user)


def load_fees(
    *,
    actor: User | AnonymousUser | None,
    path: Path = NATIONAL_FEES,
    dry_run: bool = False,
    update: bool = False,
) -> LoadReport:
    """Load a fee data file: create missing services and fee item versions, published with a
    revision each. Idempotent. Existing rows are left as editors made them unless `update`,
    which rewrites what differs from the file (as a new revision). All or nothing."""
    user = actor if actor is not None and actor.is_authenticated else None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    services, versions = parse_fee_data(data)
    report = LoadReport(dry_run=dry_run)
    with transaction.atomic():
        by_code = Service.objects.in_bulk([s["code"] for s in services], field_name="code")
        for values in services:
            service = by_code.get(values["code"])
            if service is None:
                service = Service(**values)
                report.services_created += 1
                report.lines.append(f"+ service {values['code']}")
                if not dry_run:
                    service.save()
                    _publish(service, user)
                by_code[service.code] = service
            elif update and any(getattr(service, k) != values[k] for k in SERVICE_FIELDS):
                for key in SERVICE_FIELDS:
                    setattr(service, key, values[key])
                report.services_updated += 1
                report.lines.append(f"~ service {values['code']}")
                if not dry_run:
                    service.save()
                    _publish(service, user)
            else:
                report.unchanged += 1
        existing = {
            (i.service.code, i.variant, i.region_code, i.valid_from): i
            for i in FeeItem.objects.filter(service__code__in=by_code.keys())
            .select_related("service")
            .prefetch_related("legal_bases")
        }
        for version in versions:
            ident = (
                version.service_code,
                version.variant,
                version.region_code,
                version.fields["valid_from"],
            )
            item = existing.get(ident)
            legal = _legal_rows(version.legal)
            if item is None:
                report.items_created += 1
                report.lines.append(f"+ fee {ident[0]}/{ident[1]} {ident[3]}")
                if dry_run:
                    continue
                item = FeeItem(
                    service=by_code[version.service_code],
                    variant=version.variant,
                    region_code=version.region_code,
                    **version.fields,
                )
                item.legal_bases = legal
                item.save()
                _publish(item, user)
                continue
            differs = any(getattr(item, k) != v for k, v in version.fields.items()) or (
                _legal_key(list(item.legal_bases.all())) != _legal_key(legal)
            )
            if update and differs:
                report.items_updated += 1
                report.lines.append(f"~ fee {ident[0]}/{ident[1]} {ident[3]}")
                if dry_run:
                    continue
                for name, value in version.fields.items():
                    setattr(item, name, value)
                item.legal_bases = legal
                item.save()
                _publish(item, user)
            else:
                report.unchanged += 1
    return report


@transaction.atomic
def ensure_fee_editing() -> None:
    """KPK editors may propose changes to services and fee items, KPK moderators approve and
    publish them: both models go through the portal's review workflow. Idempotent."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowContentType

    from cegah.portal.actions import KPK_EDITORS, KPK_MODERATORS, ensure_review_workflow

    workflow = ensure_review_workflow()
    for model in (Service, FeeItem):
        content_type = ContentType.objects.get_for_model(model)
        name = model._meta.model_name
        perms = {p.codename: p for p in Permission.objects.filter(content_type=content_type)}
        grants = {
            KPK_EDITORS: (f"add_{name}", f"change_{name}"),
            KPK_MODERATORS: (f"add_{name}", f"change_{name}", f"publish_{name}"),
        }
        for group_name, codenames in grants.items():
            group = Group.objects.get(name=group_name)
            group.permissions.add(*[perms[c] for c in codenames if c in perms])
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
