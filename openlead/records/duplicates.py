"""Duplicate candidates among a program's own people: `dedupe()` over the participants,
stored as DuplicatePair rows for the supervisors' duplicates page (records.views_duplicates).

Run with every linkage run (records.linkage_runs), from the command line or the web's
"Run linkage now". Identity is decrypted into an in-memory frame only, as there.
"""

from __future__ import annotations

from typing import Any

from openlead.access.acting import Actor
from openlead.linkage import Thresholds, dedupe
from openlead.linkage.explain import pair_weights
from openlead.people.models import Person
from openlead.records.actions.duplicates import (
    DuplicateCounts,
    DuplicateProposal,
    do_store_duplicate_pairs,
)
from openlead.records.identity import PARTICIPANT_PREFIX, people_frame

# Below this, dedupe has nothing to train on.
MIN_PEOPLE = 3


def find_duplicate_people(
    program: Any, people: list[Person], *, acting: Actor, thresholds: Thresholds
) -> DuplicateCounts:
    """Score the program's people against each other; store the pairs of both bands."""
    if len(people) < MIN_PEOPLE:
        return DuplicateCounts(0, 0)
    result = dedupe(people_frame(people), thresholds=thresholds)
    pk = {PARTICIPANT_PREFIX + p.public_id: p.pk for p in people}
    proposals = []
    explained = pair_weights(result.pairs, result.model)
    row: Any  # a pandas row of the pairs frame: its columns are untyped
    for row, why in zip(result.pairs.itertuples(index=False), explained, strict=True):
        a, b = pk[str(row.left_id)], pk[str(row.right_id)]
        proposals.append(
            DuplicateProposal(
                min(a, b), max(a, b), float(row.match_probability), str(row.band), why
            )
        )
    return do_store_duplicate_pairs(program, proposals, acting=acting)
