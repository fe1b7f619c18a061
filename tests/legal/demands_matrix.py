"""Permission-matrix rows for legal demands (openlead/legal/urls_demands.py); merged into
tests/access/test_permission_matrix.py.

Demand relations (tests/legal/demands_helpers.demand_of): open-own (on alice's
participant), open-same (on ivan's), disclosed (on alice's, disclosed under an order),
other (the other program's), missing (no such id). Logging takes the person relations."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.access.relations import PERSON_RELATIONS, anon, in_scope
from tests.conftest import World
from tests.legal.demands_helpers import decision_post, demand_of, new_demand

DEMAND_RELATIONS = ["open-own", "open-same", "disclosed", "other", "missing"]
LOGGERS = {"alice", "bob", "ada", "carol"}  # the care team: case managers, supervisor, admin
DECIDERS = {"ada"}  # program admins record counsel's decision (docs/legal.md)


def _person_of(rel: str) -> str:
    return {"open-own": "own", "disclosed": "own", "open-same": "same"}.get(rel, rel)


def expect_list(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    return 200 if user in LOGGERS else 403


def expect_new(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    if user not in LOGGERS:
        return 403
    return 302 if in_scope(user, rel) else 404


def expect_detail(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    if user not in LOGGERS:
        return 403
    if rel == "missing":
        return 404
    return 200 if in_scope(str(user), _person_of(rel)) else 404


def expect_decide(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    if user not in DECIDERS:
        return 403
    return 302 if rel in {"open-own", "open-same"} else 404


def expect_disclosure(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    if user not in DECIDERS:
        return 403
    return 200 if rel == "disclosed" else 404


DEMANDS_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "legal_demands": ("GET", ["none"], expect_list),
    "legal_demand_new": ("POST", PERSON_RELATIONS, expect_new),
    "legal_demand": ("GET", DEMAND_RELATIONS, expect_detail),
    "legal_demand_decide": ("POST", ["open-own", "open-same", "other", "missing"], expect_decide),
    "legal_demand_disclosure": ("GET", DEMAND_RELATIONS, expect_disclosure),
}


def demands_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if rel == "none":
        return {}
    if name == "legal_demand_new":
        person = "doesNotExist123" if rel == "missing" else world.people[rel].public_id
        return {"public_id": person}
    return {"public_id": "noSuchDemand1" if rel == "missing" else demand_of(world, rel).public_id}


def demands_data(world: World, name: str) -> dict[str, Any]:
    """The POST body (valid, so the answer is the permission's, not a form's)."""
    if name == "legal_demand_new":
        data = new_demand()
        return {
            "kind": data.kind,
            "requester": data.requester,
            "received_on": data.received_on.isoformat(),
            "summary": data.summary,
        }
    if name == "legal_demand_decide":
        return decision_post()
    return {}


def demands_pages(world: World) -> list[str]:
    """Every page of these URLs worth rendering in the canary scan."""
    pages = [reverse("legal_demands")]
    for rel in ("open-own", "open-same", "disclosed"):
        public_id = demand_of(world, rel).public_id
        pages.append(reverse("legal_demand", kwargs={"public_id": public_id}))
        pages.append(reverse("legal_demand_decide", kwargs={"public_id": public_id}))
    disclosed = demand_of(world, "disclosed").public_id
    pages.append(reverse("legal_demand_disclosure", kwargs={"public_id": disclosed}))
    pages.append(reverse("legal_demand_new", kwargs={"public_id": world.people["own"].public_id}))
    return pages
