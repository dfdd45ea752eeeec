"""The address of the client, as far as the deployment's own proxies can vouch for it.

Behind a reverse proxy (nginx, a load balancer, a CDN), `REMOTE_ADDR` is the proxy's address
and every visitor would share one rate limit. Each proxy appends the address it received the
request from to `X-Forwarded-For`, so with `TRUSTED_PROXY_COUNT = n` proxies in front of the
application, the client is the n-th address from the right; anything further left was sent
by the client itself and can be forged. With 0 (the default), `REMOTE_ADDR` is the client and
the header is ignored. When the header has fewer addresses than proxies are configured (a
request that bypassed a proxy), the leftmost one given is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, or "" when none can be made out."""
    remote = _valid(str(request.META.get("REMOTE_ADDR", "")))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop for hop in (h.strip() for h in header.split(",")) if hop]
    if not hops:
        return remote
    return _valid(hops[-min(proxies, len(hops))])
