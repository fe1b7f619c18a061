"""Permission-matrix rows for the referral URLs (merged into tests/access/test_permission_matrix.py).

Referral relations: mine = dave's eligible arrest awaiting intake; returned = dave's arrest
whose window lapsed (with the prosecutor); community = cora's community referral that
needs review; other = a referral in another program; missing = no such id.
Doors for the new-referral form: arrest and community.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World

REFERRAL_RELATIONS = ["mine", "returned", "community", "other", "missing"]
WORKGROUP = {"alice", "bob", "ada", "otto"}  # demo program; carol is workgroup in the other program
INTAKE_STAFF = {"alice", "bob", "ada"}
REVIEWERS = {"bob", "ada"}
NO_REFERRALS = {"frank", "gina", "una", "hank"}


def _anon(user: str | None) -> bool:
    return user in {None, "inactive"}


def in_scope(user: str, rel: str) -> bool:
    if rel == "missing":
        return False
    if user == "carol":
        return rel == "other"
    if rel == "other":
        return False
    if user in WORKGROUP:
        return True
    own = {"dave": {"mine", "returned"}, "cora": {"community"}, "erin": {"returned"}}
    return rel in own.get(user, set())


def _referrer(user: str, rel: str) -> bool:
    return (user, rel) in {
        ("dave", "mine"),
        ("dave", "returned"),
        ("cora", "community"),
        ("carol", "other"),
    }


def expect_list(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 403 if user in NO_REFERRALS else 200


def expect_clock(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in WORKGROUP | {"carol"} else 403


def expect_start(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in WORKGROUP | {"carol", "dave", "cora"} else 403


def expect_new(user: str | None, door: str) -> int:
    if _anon(user):
        return 302
    if door == "arrest":
        return 200 if user == "dave" else 403
    if user == "carol":
        return 409  # the other program has no protocol set: screening cannot run
    return 200 if user in WORKGROUP | {"cora"} else 403


def expect_detail(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if in_scope(user, rel) else 404


def _post(user: str | None, rel: str, allowed: bool, outcome: dict[str, int]) -> int:
    if _anon(user):
        return 302
    if not in_scope(user, rel):
        return 404
    if not allowed:
        return 403
    return outcome[rel]


def expect_handoff(user: str | None, rel: str) -> int:
    allowed = user in WORKGROUP | {"carol"} or _referrer(str(user), rel)
    # otto is not staff of the other program: carol's hand-off to him is refused as bad input.
    return _post(user, rel, allowed, {"mine": 302, "returned": 409, "community": 302, "other": 400})


def expect_intake(user: str | None, rel: str) -> int:
    allowed = user in INTAKE_STAFF | {"carol"}
    return _post(user, rel, allowed, {"mine": 302, "returned": 409, "community": 409, "other": 400})


def expect_accept(user: str | None, rel: str) -> int:
    return _post(
        user, rel, user in REVIEWERS, {"mine": 409, "returned": 409, "community": 302, "other": 409}
    )


def expect_close(user: str | None, rel: str) -> int:
    allowed = user in INTAKE_STAFF | {"carol"} or _referrer(str(user), rel)
    return _post(user, rel, allowed, {"mine": 302, "returned": 409, "community": 302, "other": 302})


def expect_decision(user: str | None, rel: str) -> int:
    return _post(user, rel, user == "erin", {"returned": 302})


def expect_public(user: str | None, rel: str) -> int:
    return 200


REFERRAL_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "referral_list": ("GET", ["none"], expect_list),
    "referral_clock": ("GET", ["none"], expect_clock),
    "referral_start": ("GET", ["none"], expect_start),
    "referral_new": ("GET", ["arrest", "community"], expect_new),
    "referral_detail": ("GET", REFERRAL_RELATIONS, expect_detail),
    "referral_handoff": ("POST", REFERRAL_RELATIONS, expect_handoff),
    "referral_intake": ("POST", REFERRAL_RELATIONS, expect_intake),
    "referral_accept": ("POST", REFERRAL_RELATIONS, expect_accept),
    "referral_close": ("POST", REFERRAL_RELATIONS, expect_close),
    "referral_decision": ("POST", REFERRAL_RELATIONS, expect_decision),
    "self_referral_index": ("GET", ["none"], expect_public),
    "self_referral": ("GET", ["none"], expect_public),
    "self_referral_thanks": ("GET", ["none"], expect_public),
}


def referral_for(world: World, rel: str) -> Any:
    from tests.referrals.helpers import make_referral, returned_referral

    if rel == "mine":
        return make_referral(world, by="dave")
    if rel == "returned":
        return returned_referral(world)
    if rel == "community":
        return make_referral(world, by="cora", door="community", facts={})
    return make_referral(world, by="carol", door="community", facts={}, program="other")


def referral_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if name in ("self_referral", "self_referral_thanks"):
        return {"slug": world.programs["demo"].slug}
    if name == "referral_new":
        return {"door": rel}
    if rel == "none":
        return {}
    public_id = "doesNotExist123" if rel == "missing" else referral_for(world, rel).public_id
    return {"public_id": public_id}


def referral_data(world: World, name: str) -> dict[str, Any]:
    return {
        "referral_handoff": {"worker": world.users["otto"].pk},
        "referral_intake": {"worker": world.users["alice"].pk},
        "referral_close": {"outcome": "withdrawn"},
        "referral_decision": {"decision": "decline", "reason": "The person is engaging with LEAD."},
    }.get(name, {})
