"""Lockout per username only, a softer throttle per network, and failed-login records
that keep no username matching no account (issue 12, points 2 and 9)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import serializers
from django.test import Client, override_settings
from django.urls import reverse

from openlead.access.logins import username_hash
from openlead.access.models import AuditEvent, LoginFailure
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(databases="__all__")

PROXY = "10.0.0.2"


def _behind_proxy(client_address: str) -> Client:
    """A browser at `client_address`, reaching us through the one TLS proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def _try(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(OPENLEAD_TRUSTED_PROXY_HOPS=1)
def test_it_locks_only_the_username_that_failed_behind_the_proxy(world: World) -> None:
    shelter = _behind_proxy("198.51.100.7")
    for number in range(5):
        assert _try(shelter, f"made-up-{number}", "wrong-password-1").status_code == 200
    for _ in range(4):
        assert _try(shelter, "alice", "wrong-password-1").status_code == 200
    assert _try(shelter, "alice", "wrong-password-1").status_code == 429
    locked = _try(shelter, "alice", PASSWORD)
    assert locked.status_code == 429  # alice is locked, with the same message as before
    assert "a program admin can release it sooner" in locked.content.decode()
    assert _try(_behind_proxy("198.51.100.8"), "alice", PASSWORD).status_code == 429
    # Ten failures from bob's network locked neither bob nor the network.
    assert _try(shelter, "bob", PASSWORD).status_code == 302


@override_settings(OPENLEAD_TRUSTED_PROXY_HOPS=1)
def test_it_slows_a_network_after_fifty_failures_without_locking_any_account(
    world: World,
) -> None:
    spray = _behind_proxy("198.51.100.7")
    for number in range(50):
        assert _try(spray, f"guess-{number}", "wrong-password-1").status_code == 200
    assert LoginFailure.objects.count() == 50
    slowed = _try(spray, "bob", PASSWORD)
    page = slowed.content.decode()
    assert slowed.status_code == 429 and "Too many attempts from this network" in page
    assert "Wait 15 minutes" in page
    assert "_auth_user_id" not in spray.session
    assert LoginFailure.objects.count() == 50  # a throttled try is not another failure
    # The addresses are kept only as keyed hashes.
    assert not LoginFailure.objects.filter(client_hash__contains="198.51").exists()
    # Another network, and so bob's own account, are untouched.
    assert _try(_behind_proxy("198.51.100.8"), "bob", PASSWORD).status_code == 302


def test_it_counts_the_throttle_per_real_client_not_per_proxy(world: World) -> None:
    """Without the proxy setting everyone behind the proxy is one address (the old fault);
    with it, each client has its own count."""
    with override_settings(OPENLEAD_LOGIN_ADDRESS_FAILURES=3, OPENLEAD_TRUSTED_PROXY_HOPS=1):
        for number in range(3):
            _try(_behind_proxy("198.51.100.7"), f"guess-{number}", "wrong-password-1")
        assert _try(_behind_proxy("198.51.100.7"), "bob", PASSWORD).status_code == 429
        assert _try(_behind_proxy("198.51.100.9"), "bob", PASSWORD).status_code == 302
    with override_settings(OPENLEAD_LOGIN_ADDRESS_FAILURES=3):
        for number in range(3):
            _try(_behind_proxy(f"198.51.100.{20 + number}"), f"other-{number}", "wrong-1")
        assert _try(_behind_proxy("198.51.100.30"), "ivan", PASSWORD).status_code == 429


def test_it_never_stores_a_password_typed_as_the_username(world: World, client: Any) -> None:
    from axes.models import AccessAttempt, AccessLog

    typed = "Tr0ub4dor&3-my-real-secret"
    before = AuditEvent.objects.count()
    assert _try(client, typed, "wrong-password-1").status_code == 200
    event = AuditEvent.objects.get(seq__gt=before, action="login_failed")
    assert event.actor_username == "" and event.actor_id is None
    assert event.detail == {"unknown_account": True, "username_hmac": username_hash(typed)}
    assert len(event.detail["username_hmac"]) == 64 and typed not in event.detail["username_hmac"]
    stored = serializers.serialize(
        "json",
        [*AuditEvent.objects.all(), *AccessAttempt.objects.all(), *AccessLog.objects.all()],
    )
    assert typed not in stored and typed.lower() not in stored.lower()
    assert AccessAttempt.objects.get().username.startswith("unknown-account:")


def test_it_keeps_the_username_of_an_account_that_failed(world: World, client: Any) -> None:
    from axes.models import AccessAttempt

    _try(client, "alice", "wrong-password-1")
    event = AuditEvent.objects.filter(action="login_failed").get()
    assert (event.actor_username, event.detail) == ("alice", {})
    assert AccessAttempt.objects.get().username == "alice"


def test_it_gives_the_same_hash_for_the_same_unknown_name(world: World, client: Any) -> None:
    for _ in range(2):
        _try(client, "nobody-here", "wrong-password-1")
    _try(client, "nobody-else", "wrong-password-1")
    hashes = [e.detail["username_hmac"] for e in AuditEvent.objects.filter(action="login_failed")]
    assert hashes[0] == hashes[1] != hashes[2]
