"""The receipt and the decision letter as PDF files.

Their templates live in `gratification/pdf/`; the rendering (WeasyPrint, `data:` addresses
only) is shared with other apps' documents in `cegah.lib.pdf`.
"""

from __future__ import annotations

from cegah.lib.pdf import pdf_response, render_pdf

__all__ = ["pdf_response", "render_pdf"]
