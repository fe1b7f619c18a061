"""Permission-matrix rows for the prosecutor's item pages and the case decision
(openlead/legal/urls_prosecutor.py; the two referral URLs, the list and the referral
decision, stay in tests/referrals/matrix.py); merged into tests/access/test_permission_matrix.py.

Relations: returned = dave's arrest whose window lapsed (on erin's desk); open = dave's
arrest awaiting intake (not hers); other = a referral in another program; own = the
pending case TC-OWN-1 of erin's office; missing = no such id. Only the prosecutor has
these pages: everyone else gets the not-found answer (so an id tells them nothing).
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World

REFERRAL_RELATIONS = ["returned", "open", "other", "missing"]
CASE_RELATIONS = ["own", "missing"]


def _anon(user: str | None) -> bool:
    return user in {None, "inactive"}


def _erin_only(ok: int, rel_ok: str) -> Any:
    def expect(user: str | None, rel: str) -> int:
        if _anon(user):
            return 302
        return ok if user == "erin" and rel == rel_ok else 404

    return expect


# url name -> (method, relations to try, expectation(user, rel) -> status)
PROSECUTOR_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "prosecutor_referral": ("GET", REFERRAL_RELATIONS, _erin_only(200, "returned")),
    "prosecutor_case": ("GET", CASE_RELATIONS, _erin_only(200, "own")),
    "prosecutor_case_decision": ("POST", CASE_RELATIONS, _erin_only(302, "own")),
}


def _referral(world: World, rel: str) -> str:
    from tests.referrals.helpers import make_referral, returned_referral

    if rel == "returned":
        return str(returned_referral(world).public_id)
    if rel == "open":
        return str(make_referral(world).public_id)
    other = make_referral(world, by="carol", door="community", facts={}, program="other")
    return str(other.public_id)


def prosecutor_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    """The URL's keyword arguments for this relation."""
    from tests.legal.helpers import own_case

    if rel == "missing":
        return {"public_id": "doesNotExist123"}
    if name == "prosecutor_referral":
        return {"public_id": _referral(world, rel)}
    return {"public_id": str(own_case(world).public_id)}


def prosecutor_data(world: World, name: str) -> dict[str, Any]:
    """The POST body for this URL (valid, so the answer is the permission's, not a form's)."""
    return {"decision": "decline", "reason": "The person is engaging with LEAD."}


def prosecutor_pages(world: World) -> list[str]:
    """Every page of these URLs worth rendering in the canary scan
    (tests/access/test_canaries.py), with the world's data behind them."""
    from django.urls import reverse

    from tests.legal.helpers import own_case

    return [
        reverse("prosecutor_referral", args=[_referral(world, "returned")]),
        reverse("prosecutor_case", args=[own_case(world).public_id]),
    ]
