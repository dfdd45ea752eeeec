"""The workspace page ("Ruang kerja"): what a signed-in person's roles give them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cegah.core.workspace import entries_for


@never_cache
@require_GET
@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """Every entry the apps declare for this person, with what waits and by when."""
    context = {
        "entries": entries_for(request.user),  # type: ignore[arg-type]
        "today": timezone.localdate(),
    }
    return render(request, "core/workspace.html", context)
