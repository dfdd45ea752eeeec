"""Documents printed to PDF by WeasyPrint: the gratification receipt and decision letter, the
campaign report.

Each document has its own small template with inline styles, so the renderer needs nothing
from the network or the disk: it may only read `data:` addresses, which keeps the text of a
report (written by citizens or civil servants) from making the server fetch anything.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher


def render_pdf(request: HttpRequest, template_name: str, context: dict[str, Any]) -> bytes:
    """The template rendered for `request` (language, time zone) and printed to PDF bytes."""
    html = render_to_string(template_name, context, request=request)
    document = HTML(
        string=html,
        base_url=request.build_absolute_uri("/"),
        url_fetcher=URLFetcher(allowed_protocols=("data",)),
    )
    pdf: bytes = document.write_pdf()
    return pdf


def pdf_response(
    request: HttpRequest, template_name: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    """A PDF shown in the browser, saved under `filename` when downloaded."""
    response = HttpResponse(
        render_pdf(request, template_name, context), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
