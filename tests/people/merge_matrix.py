"""Permission-matrix rows for the merge URLs (merged into tests/access/test_permission_matrix.py).

Only supervisors and program admins (bob, ada) merge (Capability.MERGE_PEOPLE): everyone
else signed in gets 403 on the start and preview pages (audited) and the same 404 as a
missing id on a merge's own pages. Relations: same = two people of the demo program;
other = a person or merge of the other program; missing = no such id.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World

MERGERS = {"bob", "ada"}


def _anon(user: str | None) -> bool:
    return user in {None, "inactive"}


def expect_start(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in MERGERS:
        return 403
    return 200 if rel == "same" else 404


def expect_merge_page(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in MERGERS and rel == "same" else 404


def expect_undo(user: str | None, rel: str) -> int:
    status = expect_merge_page(user, rel)
    return 302 if status == 200 else status


MERGE_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "merge_start": ("GET", ["same", "other", "missing"], expect_start),
    "merge_preview": ("GET", ["same", "other", "missing"], expect_start),
    "merge_result": ("GET", ["same", "other", "missing"], expect_merge_page),
    "merge_undo": ("POST", ["same", "other"], expect_undo),
}


def a_merge(world: World, program: str) -> Any:
    """A merge of two fresh fake people of one program (by the system)."""
    from openlead.access.acting import Actor
    from openlead.people import merge
    from tests.people.merge_helpers import fake_person

    keep = fake_person(world, f"Fake Kept {program}", program=program)
    gone = fake_person(world, f"Fake Gone {program}", program=program)
    plan = merge.MergePlan(keep, gone, {"legal_name": "survivor"})
    return merge.check_merge_people(plan, acting=Actor.system("fixture"))


def merge_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if name in ("merge_result", "merge_undo"):
        if rel == "missing":
            return {"merge_id": "noSuchMerge1234"}
        return {"merge_id": a_merge(world, "demo" if rel == "same" else "other").public_id}
    public_id = {"same": world.people["same"].public_id, "other": world.people["other"].public_id}
    kwargs = {"public_id": public_id.get(rel, "doesNotExist123")}
    if name == "merge_preview":
        kwargs = {"public_id": world.people["same"].public_id}
        kwargs["other"] = {
            "same": world.people["revoked"].public_id,
            "other": world.people["other"].public_id,
        }.get(rel, "doesNotExist123")
    return kwargs


def merge_pages(world: World) -> list[str]:
    """The merge pages for the canary scan (the people's names and contacts are on them)."""
    from django.urls import reverse

    same, revoked = world.people["same"].public_id, world.people["revoked"].public_id
    return [
        reverse("merge_start", kwargs={"public_id": same}),
        reverse("merge_preview", kwargs={"public_id": same, "other": revoked}),
        reverse("merge_result", kwargs={"merge_id": a_merge(world, "demo").public_id}),
    ]
