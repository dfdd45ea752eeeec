"""The client's address behind the deployment's own proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.lib.clientip import client_ip


def request(remote: str = "10.0.0.5", forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_header_is_ignored(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_is_the_client(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; nginx appended the address it really saw.
    assert client_ip(request("10.0.0.5", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_second_from_the_right_is_the_client(
    settings: SettingsWrapper,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("10.0.0.5", "1.2.3.4, 2001:db8::1, 10.0.0.9")) == "2001:db8::1"


@pytest.mark.parametrize("forwarded", ["", " , "])
def test_a_missing_header_falls_back_to_the_remote_address(
    settings: SettingsWrapper, forwarded: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("203.0.113.7", forwarded)) == "203.0.113.7"


def test_fewer_hops_than_proxies_take_the_leftmost(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request("10.0.0.5", "203.0.113.7, 10.0.0.9")) == "203.0.113.7"


def test_garbage_is_no_address(settings: SettingsWrapper) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.5", "1.2.3.4, not-an-ip")) == ""
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("")) == ""
