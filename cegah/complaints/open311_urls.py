"""Open311 GeoReport v2, mounted at `/open311/v2/` outside the language prefixes: each
resource ends in `.json` or `.xml`."""

from django.urls import re_path

from cegah.complaints import open311

app_name = "open311"

_FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + _FORMAT, open311.discovery, name="discovery"),
    re_path(r"^services" + _FORMAT, open311.services, name="services"),
    re_path(
        r"^services/(?P<code>[-\w]+)" + _FORMAT,
        open311.service_definition,
        name="service_definition",
    ),
    re_path(r"^requests" + _FORMAT, open311.service_requests, name="requests"),
    re_path(
        r"^requests/(?P<request_id>\d{1,18})" + _FORMAT, open311.request_detail, name="request"
    ),
    re_path(r"^tokens/(?P<token>[-0-9A-Za-z]{1,40})" + _FORMAT, open311.token, name="token"),
]
