from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache

from cegah.observability.access import may_read_metrics
from cegah.observability.metrics import CONTENT_TYPE, render


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's text format; a 404, like any unknown address, for everybody else."""
    # Refuse before anything else answers differently (a 405 would show the address exists).
    if not may_read_metrics(request):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return HttpResponse(render(), content_type=CONTENT_TYPE)
