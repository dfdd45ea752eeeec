"""Sector figures for an office and for a region, aggregated in SQL (one query each)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, Sum

from cegah.offices.models import HealthFacility, Office, SchoolFunds, VillageFunds
from cegah.offices.search import in_region


def office_figures(office: Office) -> dict[str, list[Any]]:
    """The office's sector rows, newest year first."""
    return {
        "bos": list(office.bos_funds.all()),
        "village_funds": list(office.village_funds.all()),
        "health": list(office.health_facts.all()),
    }


def _office_in(code: str) -> Q:
    return Q(office__region_id=code) | Q(office__region__code__startswith=f"{code}.")


def _village_funds(code: str) -> list[dict[str, Any]]:
    """Per year: villages, the sum of their ceilings (each village's ceiling once, though
    every stage row repeats it) and the sum disbursed."""
    per_village = (
        VillageFunds.objects.filter(_office_in(code))
        .values("year", "office")
        .annotate(ceiling=Max("ceiling_idr"), disbursed=Sum("disbursed_idr"))
        .order_by()
    )
    years: dict[int, dict[str, Any]] = {}
    for row in per_village:
        year = years.setdefault(
            row["year"], {"year": row["year"], "villages": 0, "ceiling": None, "disbursed": 0}
        )
        year["villages"] += 1
        year["disbursed"] += row["disbursed"] or 0
        if row["ceiling"] is not None:
            year["ceiling"] = (year["ceiling"] or 0) + row["ceiling"]
    return [years[y] for y in sorted(years, reverse=True)[:5]]


def region_figures(code: str) -> dict[str, list[Any]]:
    """Per year: BOS received and spent by the region's schools, Dana Desa ceiling and
    disbursed to its villages, and its health facilities with JKN and accreditation."""
    return {
        "bos": list(
            SchoolFunds.objects.filter(_office_in(code))
            .values("year")
            .annotate(
                schools=Count("office", distinct=True),
                received=Sum("received_idr"),
                spent=Sum("spent_idr"),
            )
            .order_by("-year")[:5]
        ),
        "village_funds": _village_funds(code),
        "health": list(
            HealthFacility.objects.filter(_office_in(code))
            .values("year")
            .annotate(
                facilities=Count("office", distinct=True),
                jkn=Count("pk", filter=Q(bpjs_partner=True)),
                accredited=Count("pk", filter=~Q(accreditation="")),
            )
            .order_by("-year")[:5]
        ),
    }


__all__ = ["in_region", "office_figures", "region_figures"]
