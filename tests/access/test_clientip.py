"""The client address behind the TLS proxy: only hops we trust may speak for the client."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from openlead.access.clientip import client_address_from
from openlead.config import ConfigError, load_config
from tests.conftest import PASSWORD, World

PROXY_NET = (ipaddress.ip_network("10.0.0.0/8"),)

# (remote, X-Forwarded-For, hops, trusted proxies, expected client, why)
CASES = [
    ("203.0.113.5", "198.51.100.7", 0, (), "203.0.113.5", "no setting: the header is ignored"),
    ("10.0.0.2", "198.51.100.7", 1, (), "198.51.100.7", "one proxy appended the client"),
    ("10.0.0.2", "6.6.6.6, 198.51.100.7", 1, (), "198.51.100.7", "a forged entry to the left"),
    ("10.0.0.2", "", 1, (), "10.0.0.2", "no header: the proxy is all we know"),
    ("10.0.0.3", "198.51.100.7, 10.0.0.2", 2, (), "198.51.100.7", "two proxies in a row"),
    ("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2", 0, PROXY_NET, "198.51.100.7", "by address"),
    ("203.0.113.5", "198.51.100.7", 0, PROXY_NET, "203.0.113.5", "peer is not a trusted proxy"),
    ("10.0.0.2", "not-an-ip", 1, (), "10.0.0.2", "a garbled entry is not believed"),
    ("10.0.0.2", "2001:db8::7", 1, (), "2001:db8::7", "IPv6 clients"),
]


@pytest.mark.parametrize(("remote", "forwarded", "hops", "proxies", "expected", "why"), CASES)
def test_it_believes_only_trusted_hops(
    remote: str, forwarded: str, hops: int, proxies: Any, expected: str, why: str
) -> None:
    assert client_address_from(remote, forwarded, hops=hops, proxies=proxies) == expected, why


def test_it_refuses_a_trusted_proxy_that_is_not_an_address(tmp_path: Path) -> None:
    env = {
        "OPENLEAD_DEMO": "1",
        "OPENLEAD_DATA_DIR": str(tmp_path),
        "OPENLEAD_TRUSTED_PROXIES": "10.0.0.0/8, proxy.local",
    }
    with pytest.raises(ConfigError, match="OPENLEAD_TRUSTED_PROXIES.*'proxy.local'"):
        load_config(env)
    with pytest.raises(ConfigError, match="OPENLEAD_TRUSTED_PROXY_HOPS must be at least 0"):
        load_config({**env, "OPENLEAD_TRUSTED_PROXIES": "", "OPENLEAD_TRUSTED_PROXY_HOPS": "-1"})


def test_it_reads_the_proxy_settings(tmp_path: Path) -> None:
    env = {
        "OPENLEAD_DEMO": "1",
        "OPENLEAD_DATA_DIR": str(tmp_path),
        "OPENLEAD_TRUSTED_PROXY_HOPS": "1",
        "OPENLEAD_TRUSTED_PROXIES": "10.0.0.5, 192.168.1.0/24",
    }
    config = load_config(env)
    assert config.trusted_proxy_hops == 1
    assert [str(n) for n in config.trusted_proxies] == ["10.0.0.5/32", "192.168.1.0/24"]
    assert load_config({**env, "OPENLEAD_TRUSTED_PROXY_HOPS": ""}).trusted_proxy_hops == 0


@pytest.mark.django_db(databases="__all__")
@override_settings(OPENLEAD_TRUSTED_PROXY_HOPS=1)
def test_it_gives_the_real_client_to_axes_and_the_audit(world: World) -> None:
    from axes.models import AccessAttempt

    from openlead.access.models import AuditEvent

    behind = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    behind.post(reverse("login"), {"username": "alice", "password": "wrong-password-1"})
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]
    behind.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    login = AuditEvent.objects.filter(action="login").get()
    failed = AuditEvent.objects.filter(action="login_failed").get()
    assert (login.client, failed.client) == ("198.51.100.7", "198.51.100.7")
    # Merged with MFA: the second factor first, through the real verify page.
    from tests.mfa import code_for, device_for

    code = code_for(device_for(world.users["alice"]))
    assert behind.post(reverse("mfa_verify"), {"code": code}).status_code == 302
    person = world.people["own"]
    behind.get(reverse("person_detail", kwargs={"public_id": person.public_id}))
    read = AuditEvent.objects.filter(action="read", person_ref=person.public_id).last()
    assert read is not None and read.client == "198.51.100.7"
