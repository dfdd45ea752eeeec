from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the environment banner and the canonical site address."""
    return {"CEGAH_ENV": settings.CEGAH_ENV, "SITE_URL": settings.SITE_URL}
