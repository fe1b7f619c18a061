"""The real client address behind the TLS proxy (docs/deployment.md), for axes, the login
throttle, the self-referral limit and the audit.

X-Forwarded-For is written by the client as much as by the proxies, so only the entries
that trusted proxies appended are believed: we walk the chain from the right (the peer
that connected to us) and step left only over trusted hops. With no proxy setting the
header is ignored and REMOTE_ADDR is the client.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: str, steps: int, hops: int, proxies: tuple[Network, ...]) -> bool:
    """May we believe what the hop at `address` (the `steps`-th from the right) says?"""
    if hops == 0 and not proxies:
        return False
    if hops and steps >= hops:
        return False
    if proxies:
        parsed = _parse(address)
        return parsed is not None and any(parsed in net for net in proxies)
    return True


def client_address_from(
    remote: str, forwarded: str, *, hops: int, proxies: tuple[Network, ...]
) -> str:
    """The client address given REMOTE_ADDR, X-Forwarded-For and the trust settings."""
    chain = [part.strip() for part in forwarded.split(",") if part.strip()] + [remote]
    index, steps = len(chain) - 1, 0
    while index > 0 and _trusted(chain[index], steps, hops, proxies):
        if _parse(chain[index - 1]) is None:
            break  # a garbled entry: keep the last hop we could read
        index, steps = index - 1, steps + 1
    return chain[index]


def client_address(request: HttpRequest) -> str:
    """The address of the person at the keyboard, as far as the trusted proxies tell."""
    return client_address_from(
        str(request.META.get("REMOTE_ADDR", "")),
        str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
        hops=settings.OPENLEAD_TRUSTED_PROXY_HOPS,
        proxies=settings.OPENLEAD_TRUSTED_PROXIES,
    )


def address_hash(purpose: str, address: str) -> str:
    """A keyed hash of an address: enough to count requests, useless as a record of who came."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}|{address}".encode(), hashlib.sha256).hexdigest()
