"""Counter posters: "Layanan ini GRATIS" or "Biaya resmi Rp…" for one service at one office,
with what the fee covers, the regulation, and QR codes to the office's page and to the
complaint form prefilled with the office. Printed in Indonesian (the counter's public), A4 or
A3, by WeasyPrint through `cegah.lib.pdf`-style rendering that fetches nothing.

The fee comes from the fee registry on the day of printing (`fees.fees_for`).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, URLFetcher

from cegah.offices.fees import Basis, Fee, fees_for, rupiah
from cegah.offices.models import Office, ServiceStandard
from cegah.offices.public import complaint_url

# Posters per WeasyPrint document in a batch; the parts are joined with pypdf, so memory
# stays flat for an agency with thousands of counters.
CHUNK = 100


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG `data:` address."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def office_url(office: Office) -> str:
    with translation.override("id"):
        return settings.SITE_URL + office.get_absolute_url()


def report_url(office: Office, service_code: str = "") -> str:
    with translation.override("id"):
        return settings.SITE_URL + complaint_url(office.code, service_code)


@dataclass
class Poster:
    office: Office
    service_code: str
    service_name: str
    fees: list[Fee]
    standard: ServiceStandard | None

    @property
    def free(self) -> bool:
        return bool(self.fees) and all(f.free for f in self.fees)

    @property
    def main_fee(self) -> Fee | None:
        return self.fees[0] if self.fees else None

    @property
    def fee_text(self) -> str:
        main = self.main_fee
        return rupiah(main.amount_idr) if main else ""

    @property
    def bases(self) -> list[Basis]:
        seen: dict[tuple[str, str], Basis] = {}
        for fee in self.fees:
            for basis in fee.legal_basis:
                seen.setdefault((basis.title, basis.article), basis)
        return list(seen.values())

    def context(self) -> dict[str, Any]:
        return {
            "poster": self,
            "office_url": office_url(self.office),
            "report_url": report_url(self.office, self.service_code),
            "office_qr": qr_data_uri(office_url(self.office)),
            "report_qr": qr_data_uri(report_url(self.office, self.service_code)),
        }


def posters_for(standards: Iterable[ServiceStandard]) -> list[Poster]:
    """One poster per standard, the fees read for each office's region in one query per
    region (a batch is one agency, so a handful of regions)."""
    items = list(standards)
    by_region: dict[str, set[str]] = {}
    for s in items:
        by_region.setdefault(s.office.region_id, set()).add(s.service.code)
    today = timezone.localdate()
    found = {
        region: fees_for(codes, region_code=region, on=today) for region, codes in by_region.items()
    }
    with translation.override("id"):
        return [
            Poster(
                office=s.office,
                service_code=s.service.code,
                service_name=s.service.name,
                fees=found[s.office.region_id].get(s.service.code, []),
                standard=s,
            )
            for s in items
        ]


def render(posters: list[Poster], size: str) -> bytes:
    """The posters as one PDF, one page each."""
    with translation.override("id"):
        html = render_to_string(
            "offices/poster.html",
            {
                "size": size,
                "scale": 141 if size == "A3" else 100,
                # The printable height (paper less 2 × 12 mm margins) and what the text above
                # the QR block may take of it.
                "page_height": 396 if size == "A3" else 273,
                "body_height": 396 - 95 if size == "A3" else 273 - 67,
                "pages": [p.context() for p in posters],
                "printed_on": timezone.localdate(),
                "site": settings.SITE_URL.split("://", 1)[-1],
            },
        )
    document = HTML(
        string=html,
        base_url=settings.SITE_URL + "/",
        url_fetcher=URLFetcher(allowed_protocols=("data",)),
    )
    pdf: bytes = document.write_pdf()
    return pdf


def render_many(posters: list[Poster], size: str) -> bytes:
    """Many posters, rendered in chunks and joined."""
    if len(posters) <= CHUNK:
        return render(posters, size)
    from pypdf import PdfWriter

    writer = PdfWriter()
    for start in range(0, len(posters), CHUNK):
        writer.append(io.BytesIO(render(posters[start : start + CHUNK], size)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
