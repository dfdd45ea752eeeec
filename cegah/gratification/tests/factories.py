"""Plain helpers for the gratification tests: a gift as JSON, and asking the API about it."""

from __future__ import annotations

from typing import Any

from django.test import Client

URL = "/api/v1/gratification/assessments"

# Well inside each version: a Tuesday under PerKPK 2/2019 and a Wednesday under PerKPK 1/2026.
ON_2019_RULES = "2025-06-10"
ON_2026_RULES = "2026-06-10"


def gift(**fields: Any) -> dict[str, Any]:
    """A goods gift of Rp500,000 from someone unrelated, on no occasion, with `fields` on top."""
    data: dict[str, Any] = {
        "received_on": ON_2026_RULES,
        "value_idr": 500_000,
        "form": "goods",
        "giver_relation": "other",
    }
    data.update(fields)
    return data


def post_assessment(client: Client, data: Any, language: str | None = "en") -> Any:
    headers = {"accept-language": language} if language else {}
    return client.post(URL, data, content_type="application/json", headers=headers)


def assess(client: Client, language: str | None = "en", **fields: Any) -> dict[str, Any]:
    """The API's answer for `gift(**fields)`; fails the test unless it is a 200."""
    response = post_assessment(client, gift(**fields), language)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def letter(body: dict[str, Any]) -> str | None:
    exemption = body["exemption"]
    return None if exemption is None else exemption["letter"]


NIK = "3310255205880004"


def report_fields(**fields: Any) -> dict[str, Any]:
    """A complete report form: a contractor's Lebaran envelope of Rp2,000,000 on 16 Nov 2026."""
    data: dict[str, Any] = {
        "reporter_name": "Sri Lestari",
        "reporter_nik": NIK,
        "reporter_position": "Guru SD Negeri 1 Klaten",
        "reporter_address": "Jl. Pemuda 10, Klaten",
        "reporter_phone": "081234567890",
        "reporter_email": "asn@example.org",
        "giver_name": "CV Maju Jaya",
        "giver_relation": "business_partner",
        "giver_address": "Jl. Merapi 5, Klaten",
        "received_on": "2026-11-16",
        "place_received": "Kantor Dinas Pendidikan",
        "form": "money",
        "kind": "gift",
        "occasion": "none",
        "category": "money",
        "description": "Amplop berisi uang tunai",
        "value_idr": "2000000",
        "chronology": "Diberikan setelah rapat pengadaan bangku sekolah.",
        "receipt": "accepted",
        "object_location": "kept",
        "form_token": "token-1",
    }
    data.update(fields)
    return data


def create_draft(client: Client, **fields: Any) -> Any:
    """Post the report form as the signed-in client; the new draft (fails unless redirected)."""
    from cegah.gratification.models import GratificationReport

    response = client.post("/gratifikasi/laporan/baru/", report_fields(**fields))
    assert response.status_code == 302, response.content
    return GratificationReport.objects.get(form_token=fields.get("form_token", "token-1"))


def submit(client: Client, report: Any) -> Any:
    response = client.post(f"/gratifikasi/laporan/{report.pk}/kirim/")
    assert response.status_code == 302, response.content
    report.refresh_from_db()
    return report


# The decree's signatory, as KPK's officer types it into the decision form.
SIGNATORY = {"name": "Ratna Sari Dewi", "position": "Direktur Gratifikasi dan Pelayanan Publik"}
DECIDE = {
    "decide-issuer": "direktur",
    "decide-signatory_name": SIGNATORY["name"],
    "decide-signatory_position": SIGNATORY["position"],
}


def decide(client: Client, report: Any, decision: str, **fields: str) -> Any:
    """Verify and decide `report` as the signed-in KPK officer; the report as stored."""
    client.post(f"/gratifikasi/laporan/{report.pk}/verifikasi/")
    data = {**DECIDE, "decide-decision": decision, **{f"decide-{k}": v for k, v in fields.items()}}
    response = client.post(f"/gratifikasi/laporan/{report.pk}/tetapkan/", data)
    assert response.status_code == 302, response.content
    report.refresh_from_db()
    return report


def submitted_reports(reporter: Any, agency: Any, count: int, **fields: Any) -> list[Any]:
    """`count` reports by `reporter` in `agency`, saved and sent through the actions (the
    statistics tests need many; the form is tested elsewhere)."""
    import datetime as dt

    from cegah.gratification import actions

    data = report_fields(**fields)
    answers = {"same_giver_total_this_year_idr": 0}
    data.pop("form_token")
    model_fields = {
        **data,
        "received_on": dt.date.fromisoformat(data["received_on"]),
        "value_idr": int(data["value_idr"]),
    }
    reports = []
    for _ in range(count):
        report, _created = actions.create_report(
            actor=reporter, agency=agency, data=model_fields, answers=answers
        )
        reports.append(actions.submit_report(actor=reporter, report=report))
    return reports


def decide_directly(officer: Any, report: Any, decision: str, **fields: Any) -> Any:
    """Forward (if at a UPG), verify and decide `report` through the actions."""
    from cegah.gratification import actions
    from cegah.gratification.models import Decision, DecreeIssuer, ReportStatus

    if report.status == ReportStatus.AT_UPG:
        report = actions.forward_to_kpk(actor=officer, report=report)
    report = actions.verify_report(actor=officer, report=report)
    return actions.decide_report(
        actor=officer,
        report=report,
        decision=Decision(decision),
        issuer=DecreeIssuer.DIREKTUR,
        signatory_name=SIGNATORY["name"],
        signatory_position=SIGNATORY["position"],
        **fields,
    )
