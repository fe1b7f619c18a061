"""Permission-matrix rows for the records URLs (merged into tests/access/test_permission_matrix.py).

Link relations: pending = a review-band link of the "own" person (demo program);
decided = an accepted link of the "same" person; other = a pending link in the other
program; comparison = a pending link of a comparison-pool person of the demo program;
missing = no such id. Run relations: own = a linkage run of the demo program, other =
one of the other program, missing = no such id. Batch relations: own = an import batch of the demo program, shared =
one imported without --program (it feeds every program), other = the other program's,
missing = no such id. The justice-records page uses the person relations.
Justice records are for the care team only: police, prosecutor and defender get 403
even under the ROI the "own" person gave them.
"""

from __future__ import annotations

from typing import Any

from tests.access.relations import PERSON_RELATIONS
from tests.access.relations import anon as _anon
from tests.access.relations import in_scope as _person_in_scope
from tests.conftest import World
from tests.records.helpers import (
    make_batch,
    make_comparison_link,
    make_duplicate,
    make_link,
    make_run,
)

LINK_RELATIONS = ["pending", "decided", "other", "comparison", "missing"]
RUN_RELATIONS = ["own", "other", "missing"]
BATCH_RELATIONS = ["own", "shared", "other", "missing"]
DUPLICATE_RELATIONS = ["pending", "decided", "other", "missing"]
REVIEWERS = {"bob", "ada"}
MERGERS = {"bob", "ada"}  # Capability.MERGE_PEOPLE: the duplicates pages
CARE_TEAM = {"alice", "bob", "ada", "carol"}


def expect_queue(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in REVIEWERS else 403


def expect_review(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in REVIEWERS:
        return 403
    return 200 if rel in {"pending", "decided", "comparison"} else 404


def expect_decide(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in REVIEWERS:
        return 403
    return {"pending": 302, "comparison": 302, "decided": 409}.get(rel, 404)


def expect_run_start(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 302 if user in REVIEWERS else 403  # 302: to the new run's status page


def expect_run(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in REVIEWERS:
        return 403
    return 200 if rel == "own" else 404


def expect_batches(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in REVIEWERS else 403  # can_see_imports: the same two roles


def expect_batch(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in REVIEWERS:
        return 403
    return 200 if rel in {"own", "shared"} else 404


def expect_justice(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if not _person_in_scope(user, rel):
        return 404
    return 200 if user in CARE_TEAM else 403


def expect_duplicates(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in MERGERS else 403


def expect_duplicate(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in MERGERS:
        return 403
    return 200 if rel in {"pending", "decided"} else 404


def expect_duplicate_decide(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in MERGERS:
        return 403
    return {"pending": 302, "decided": 409}.get(rel, 404)


RECORDS_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "link_review_queue": ("GET", ["none"], expect_queue),
    "link_review": ("GET", LINK_RELATIONS, expect_review),
    "link_decide": ("POST", LINK_RELATIONS, expect_decide),
    "justice_records": ("GET", PERSON_RELATIONS, expect_justice),
    "linkage_run_start": ("POST", ["none"], expect_run_start),
    "linkage_run": ("GET", RUN_RELATIONS, expect_run),
    "import_batches": ("GET", ["none"], expect_batches),
    "import_batch": ("GET", BATCH_RELATIONS, expect_batch),
    "duplicate_pairs": ("GET", ["none"], expect_duplicates),
    "duplicate_pair": ("GET", DUPLICATE_RELATIONS, expect_duplicate),
    "duplicate_decide": ("POST", DUPLICATE_RELATIONS, expect_duplicate_decide),
}


def records_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if name == "justice_records":
        public_id = "doesNotExist123" if rel == "missing" else world.people[rel].public_id
        return {"public_id": public_id}
    if rel == "none":
        return {}
    if name in {"duplicate_pair", "duplicate_decide"}:
        pair_id = "noSuchPair12345" if rel == "missing" else make_duplicate(world, rel).public_id
        return {"pair_id": pair_id}
    if name == "import_batch":
        batch_id = "noSuchBatch1234" if rel == "missing" else make_batch(world, rel).public_id
        return {"batch_id": batch_id}
    if name == "linkage_run":
        run_id = "noSuchRun123456" if rel == "missing" else make_run(world, rel).public_id
        return {"run_id": run_id}
    if rel == "missing":
        return {"link_id": "noSuchLink12345"}
    if rel == "comparison":
        return {"link_id": make_comparison_link(world, "matrix").public_id}
    person = {"pending": "own", "decided": "same", "other": "other"}[rel]
    status = "accepted" if rel == "decided" else "pending"
    return {"link_id": make_link(world, rel, person, status).public_id}


def records_data(world: World, name: str) -> dict[str, Any]:
    if name == "duplicate_decide":
        return {"decision": "different"}
    return {"decision": "reject"} if name == "link_decide" else {}
