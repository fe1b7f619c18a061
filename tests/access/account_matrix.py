"""Permission-matrix rows for the account pages (merged into test_permission_matrix.py).

Relations: own = alice's account (in the demo program); other = carol's (another
program); missing = no such account. Grants: own = a pending case-manager grant for ivan
asked by a second program admin (ada2), so ada may approve it. Tokens: own = a live
set-password link; missing = a made-up one.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World

ACCOUNT_RELATIONS = ["own", "other", "missing"]
MANAGERS = {"ada", "hank"}
_TOKENS: dict[int, str] = {}


def _anon(user: str | None) -> bool:
    return user in {None, "inactive"}


def _expect(found: int, hank: int) -> Any:
    """Managers reach accounts of their program (404 outside it); others get 403."""

    def expect(user: str | None, rel: str) -> int:
        if _anon(user):
            return 302
        if user not in MANAGERS:
            return 403
        if rel != "own":
            return 404
        return found if user == "ada" else hank

    return expect


def expect_set_password(user: str | None, rel: str) -> int:
    return 200 if rel == "own" else 404


ACCOUNT_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "user_detail": ("GET", ACCOUNT_RELATIONS, _expect(200, 200)),
    # Giving alice a data role: ada only asks (302, pending); hank is refused.
    "user_grant": ("POST", ACCOUNT_RELATIONS, _expect(302, 403)),
    # A new way into a case manager's account: never from the sysadmin.
    "user_change": ("POST", ACCOUNT_RELATIONS, _expect(302, 403)),
    # ada2 asked; ada approves; hank (not a program admin) is refused.
    "grant_decide": ("POST", ["own", "missing"], _expect(302, 403)),
    "set_password": ("GET", ["own", "missing"], expect_set_password),
}


def _pending_grant(world: World) -> Any:
    from openlead.access.models import Membership, RoleGrant, User
    from openlead.access.roles import Role

    ada2, made = User.objects.get_or_create(username="ada2", defaults={"first_name": "Ada2"})
    if made:
        Membership.objects.create(
            user=ada2,
            program=world.programs["demo"],
            organization=world.orgs["cm"],
            role=Role.PROGRAM_ADMIN,
        )
    return RoleGrant.objects.create(
        user=world.users["ivan"],
        program=world.programs["demo"],
        organization=world.orgs["cm"],
        role=Role.SUPERVISOR,
        reason="covering for bob",
        requested_by=ada2,
    )


def _live_token(world: World) -> str:
    from openlead.access.actions.accounts import _issue

    key = id(world)
    if key not in _TOKENS:
        _TOKENS[key] = _issue(world.users["ivan"], world.users["ada"]).token
    return _TOKENS[key]


def account_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if name == "set_password":
        return {"token": _live_token(world) if rel == "own" else "no-such-token-0000"}
    if name == "grant_decide":
        return {"grant_id": _pending_grant(world).public_id if rel == "own" else "noSuchGrant00"}
    account = {"own": "alice", "other": "carol"}.get(rel)
    public_id = world.users[account].public_id if account else "noSuchAccount1"
    kwargs = {"public_id": public_id}
    if name == "user_change":
        kwargs["change"] = "reset-password"
    return kwargs


def account_data(world: World, name: str) -> dict[str, Any]:
    return {
        "user_grant": {
            "role": "supervisor",
            "organization": world.orgs["cm"].pk,
            "reason": "covering for bob",
        },
        "user_change": {"reason": "lost her phone"},
        "grant_decide": {"decision": "approve", "reason": "agreed at the team meeting"},
    }.get(name, {})
