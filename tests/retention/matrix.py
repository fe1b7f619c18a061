"""Permission-matrix rows for deletion requests, legal holds and the retention schedule
(openlead/retention/urls.py); merged into tests/access/test_permission_matrix.py.

Person pages take the person relations (tests/access/relations.py). A request or a hold
has three: open (in the demo program), other (the other program's), missing (no such id).
Requesters: the care team (alice, bob, ada, and carol in her own program). Approvers and
hold keepers: the supervisor and the program admin (bob, ada). The schedule: ada only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.access.relations import PERSON_RELATIONS, anon, in_scope
from tests.conftest import World

ROW_RELATIONS = ["open", "other", "missing"]
REQUESTERS = {"alice", "bob", "ada", "carol"}
APPROVERS = {"bob", "ada"}


def expect_person(allowed: set[str]) -> Any:
    def expect(user: str | None, rel: str) -> int:
        if anon(user):
            return 302
        if user not in allowed:
            return 403
        return 200 if in_scope(user, rel) else 404

    return expect


def expect_page(allowed: set[str], ok: int = 200) -> Any:
    def expect(user: str | None, rel: str) -> int:
        if anon(user):
            return 302
        return ok if user in allowed else 403

    return expect


def expect_row(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    if user not in APPROVERS:
        return 403
    return 302 if rel == "open" else 404


RETENTION_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "person_deletion": ("GET", PERSON_RELATIONS, expect_person(REQUESTERS)),
    "person_hold": ("GET", PERSON_RELATIONS, expect_person(APPROVERS)),
    "deletion_requests": ("GET", ["none"], expect_page(APPROVERS)),
    "deletion_decide": ("POST", ROW_RELATIONS, expect_row),
    "legal_holds": ("GET", ["none"], expect_page(APPROVERS)),
    "legal_hold_place": ("POST", ["none"], expect_page(APPROVERS, 302)),
    "legal_hold_lift": ("POST", ROW_RELATIONS, expect_row),
    "retention_schedule": ("GET", ["none"], expect_page({"ada"})),
}


def deletion_request(world: World, key: str) -> Any:
    """A request (cached in world.consents) by the person's case manager."""
    from openlead.access.acting import Actor
    from openlead.retention.actions import request_deletion

    cache = f"deletion-{key}"
    if cache not in world.consents:
        person = world.people[key]
        acting = Actor.of(person.case_manager, "case_manager", person.program_id)
        world.consents[cache] = request_deletion(
            person, acting=acting, source="staff", reason="Asked at the drop-in centre."
        )
    return world.consents[cache]


def legal_hold(world: World, key: str) -> Any:
    from openlead.retention.models import LegalHold

    cache = f"hold-{key}"
    if cache not in world.consents:
        person = world.people[key]
        world.consents[cache] = LegalHold.objects.create(
            program=person.program, person=person, person_ref=person.public_id,
            reason="Civil claim", reference=f"CV-{key}",
        )  # fmt: skip
    return world.consents[cache]


def retention_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if rel == "none":
        return {}
    if name in {"person_deletion", "person_hold"}:
        return {"public_id": "doesNotExist123" if rel == "missing" else world.people[rel].public_id}
    if rel == "missing":
        return {"public_id": "noSuchRow12345"}
    key = "own" if rel == "open" else "other"
    row = deletion_request(world, key) if name == "deletion_decide" else legal_hold(world, key)
    return {"public_id": row.public_id}


def retention_data(world: World, name: str) -> dict[str, Any]:
    if name == "deletion_decide":
        return {"decision": "approve"}
    if name == "legal_hold_place":
        return {"reason": "Records request from the auditor", "reference": "SAO-2026-3"}
    return {}


def retention_pages(world: World) -> list[str]:
    """The pages for the canary scan, with a request (its reason and the person's name)
    and a hold behind them."""
    deletion_request(world, "own")
    legal_hold(world, "same")
    person = world.people["own"].public_id
    return [
        reverse("deletion_requests"),
        reverse("legal_holds"),
        reverse("retention_schedule"),
        reverse("person_deletion", kwargs={"public_id": person}),
        reverse("person_hold", kwargs={"public_id": person}),
    ]
