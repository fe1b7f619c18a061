"""Permission-matrix rows for the MFA pages (merged into tests/access/test_permission_matrix.py).

The matrix logs in with force_login, which completes the second factor (tests/conftest.py),
so these rows are the answers to a verified session; tests/access/test_mfa.py covers the
password-only one. Reset relations: peer = alice (a case manager in the demo program),
admin = ada (the program admin: her own reset is refused), other = carol (another program),
missing = no such user.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.conftest import World

RESET_RELATIONS = ["peer", "admin", "other", "missing"]
RESETTERS = {"ada", "hank"}  # program admin and sysadmin: the rule's can_manage_users
RESET_TARGET = {"peer": "alice", "admin": "ada", "other": "carol"}


def _anon(user: str | None) -> bool:
    return user in {None, "inactive"}


def expect_mfa_reset(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in RESETTERS:
        return 403
    if rel in {"other", "missing"}:
        return 404  # outside the program: the same answer as no such user
    if RESET_TARGET[rel] == user:
        return 403
    if user == "hank":
        return 403  # alice and ada read participant data: a new way in is a program admin's
    return 302


MFA_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    # A verified session has nothing to enrol or verify: both send it on.
    "mfa_enrol": ("GET", ["none"], lambda u, r: 302),
    "mfa_verify": ("GET", ["none"], lambda u, r: 302),
    "mfa_recovery_codes": ("GET", ["none"], lambda u, r: 302 if _anon(u) else 200),
    "mfa_step_up": ("GET", ["none"], lambda u, r: 302 if _anon(u) else 200),
    "mfa_reset": ("POST", RESET_RELATIONS, expect_mfa_reset),
}


def mfa_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if rel == "none":
        return {}
    if rel == "missing":
        return {"public_id": "noSuchUser1234"}
    return {"public_id": world.users[RESET_TARGET[rel]].public_id}


def mfa_data(name: str) -> dict[str, Any]:
    return (
        {"reason": "Lost phone; confirmed by a call to their desk."} if name == "mfa_reset" else {}
    )


def mfa_pages(world: World) -> list[str]:
    """For the canary scan: every MFA page, and the reset page for a peer."""
    pages = [reverse(n) for n in ("mfa_enrol", "mfa_verify", "mfa_recovery_codes", "mfa_step_up")]
    pages.append(reverse("mfa_reset", kwargs={"public_id": world.users["alice"].public_id}))
    return pages
