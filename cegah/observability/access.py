"""Who may read /metrics: a scraper on an allowed network, or one holding the token."""

from __future__ import annotations

import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

from cegah.lib.clientip import client_ip


@lru_cache(maxsize=8)
def parse_networks(
    values: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """CIDRs such as `10.0.0.0/8` or single addresses; raises ValueError on anything else."""
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def may_read_metrics(request: HttpRequest) -> bool:
    """True for `Authorization: Bearer <METRICS_TOKEN>` (when a token is set) or a client
    address inside `METRICS_ALLOWED_NETWORKS` (as `cegah.lib.clientip` makes it out)."""
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return True
    address = client_ip(request)
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    return any(
        ip in network for network in parse_networks(tuple(settings.METRICS_ALLOWED_NETWORKS))
    )
