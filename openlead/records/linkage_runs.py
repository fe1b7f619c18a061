"""The work of a linkage run: link a program's participants and comparison pool to justice
records (`openlead link-program`, from the command line or a run started in the web app).

Identity fields are decrypted into in-memory DataFrames here only, handed to
`openlead.linkage.link` (Splink on DuckDB, in memory), and dropped: no plaintext is
written to disk. Only the command line imports this module (records/cli.py), and
`launch_run` names it for the inline runner of the tests; the actions that start a run
never import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from openlead.access.acting import Actor
from openlead.background.actions import do_finish_run, do_report_run, do_stop_run, run_actor
from openlead.linkage.core import Thresholds, link
from openlead.linkage.explain import pair_weights
from openlead.people.models import Person
from openlead.records.actions import Proposal, do_store_proposals
from openlead.records.identity import LINKED_STATUSES, people_frame, records_frame
from openlead.records.models import ComparisonPerson, JusticeRecord, LinkageRun

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class SideCounts:
    auto_accepted: int = 0
    queued: int = 0
    already_known: int = 0

    def line(self) -> str:
        return (
            f"{self.auto_accepted} linked automatically, {self.queued} sent to review, "
            f"{self.already_known} decided before"
        )


@dataclass(frozen=True)
class LinkSummary:
    people: int
    comparison_people: int
    records: int
    participants: SideCounts = SideCounts()
    comparison: SideCounts = SideCounts()

    def run_counts(self) -> dict[str, int]:
        """The totals a LinkageRun row keeps."""
        sides = (self.participants, self.comparison)
        return {
            "participants": self.people,
            "comparison_people": self.comparison_people,
            "records": self.records,
            "auto_accepted": sum(s.auto_accepted for s in sides),
            "queued": sum(s.queued for s in sides),
            "already_known": sum(s.already_known for s in sides),
        }


def run_program_linkage(
    program: Any,
    *,
    acting: Actor,
    auto_accept: float = 0.95,
    review: float = 0.5,
    progress: Progress | None = None,
) -> LinkSummary:
    """Score a program's participants and comparison pool against its records; store proposals.

    One Splink run with both groups on the left (ids prefixed p: and c:), so both are
    scored by one model; proposals are stored per side, with one audit event each.
    """
    people = list(Person.objects.filter(program=program, status__in=LINKED_STATUSES))
    pool = list(ComparisonPerson.objects.filter(program=program))
    records = list(
        JusticeRecord.objects.filter(Q(program=program) | Q(program__isnull=True)).only(
            "pk", "public_id", "source", "external_id", "identity"
        )
    )
    if not (people or pool) or not records:
        return LinkSummary(len(people), len(pool), len(records))
    result = link(
        people_frame(people, pool),
        records_frame(records),
        thresholds=Thresholds(auto_accept=auto_accept, review=review),
        progress=progress,
    )
    left_pk = {f"p:{p.public_id}": p.pk for p in people} | {f"c:{c.public_id}": c.pk for c in pool}
    record_pk = {r.public_id: r.pk for r in records}
    mine: list[Proposal] = []
    theirs: list[Proposal] = []
    row: Any  # a pandas row of the pairs frame: its columns are untyped
    explained = pair_weights(result.pairs, result.model)
    for row, why in zip(result.pairs.itertuples(index=False), explained, strict=True):
        left = str(row.left_id)
        person, record = left_pk[left], record_pk[str(row.right_id)]
        p, band = float(row.match_probability), str(row.band)
        if left.startswith("p:"):
            mine.append(Proposal(person, record, p, band, weights=why))
        else:
            theirs.append(Proposal(None, record, p, band, comparison_id=person, weights=why))
    return LinkSummary(
        len(people),
        len(pool),
        len(records),
        _store(mine, acting, program, comparison=False),
        _store(theirs, acting, program, comparison=True),
    )


def _store(
    proposals: list[Proposal], acting: Actor, program: Any, *, comparison: bool
) -> SideCounts:
    if not proposals:
        return SideCounts()
    purpose = "record linkage (comparison group)" if comparison else "record linkage"
    counts = do_store_proposals(proposals, acting=acting, program_id=program.pk, purpose=purpose)
    return SideCounts(counts.auto_accepted, counts.queued, counts.already_known)


def execute_linkage_run(run_id: str, *, reraise: bool = False) -> LinkSummary | None:
    """The work of a LinkageRun (web "Run linkage now"): progress into the row, then
    complete, or stopped with a reason that names no data (values can identify people)."""
    run = LinkageRun.objects.select_related("program", "started_by").get(public_id=run_id)
    do_report_run(run, "starting", 0.0)
    try:
        summary = run_program_linkage(
            run.program, acting=run_actor(run), progress=lambda step, f: do_report_run(run, step, f)
        )
    except Exception as exc:
        do_stop_run(
            run,
            f"The linkage stopped with an error ({type(exc).__name__}). The server log has "
            "the details; run `openlead link-program` to try again.",
        )
        if reraise:
            raise
        return None
    do_finish_run(run, **summary.run_counts())
    return summary
