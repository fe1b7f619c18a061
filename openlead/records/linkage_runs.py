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
from dataclasses import dataclass, field
from typing import Any

import duckdb
from django.db.models import Q
from splink.internals.exceptions import SplinkException

from openlead.access.acting import Actor
from openlead.background.actions import do_finish_run, do_report_run, do_stop_run, run_actor
from openlead.linkage.core import Thresholds, link
from openlead.linkage.explain import pair_weights
from openlead.linkage.model import outdated
from openlead.people.models import Person
from openlead.records import drift
from openlead.records.actions import Proposal, do_store_proposals
from openlead.records.actions.models import TrainedModel, do_store_linkage_model
from openlead.records.duplicates import find_duplicate_people
from openlead.records.identity import LINKED_STATUSES, people_frame, records_frame
from openlead.records.models import ComparisonPerson, JusticeRecord, LinkageModel, LinkageRun

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
    # One line per source: whether its model was trained now or reused (and from when).
    models: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # records.drift: match rate or scores past the bounds
    duplicates: int = 0  # new duplicate candidates among the program's people

    def run_counts(self) -> dict[str, Any]:
        """The totals a LinkageRun row keeps."""
        sides = (self.participants, self.comparison)
        return {
            "participants": self.people,
            "comparison_people": self.comparison_people,
            "records": self.records,
            "auto_accepted": sum(s.auto_accepted for s in sides),
            "queued": sum(s.queued for s in sides),
            "already_known": sum(s.already_known for s in sides),
            "warnings": "\n".join(self.warnings),
        }


@dataclass
class _Scored:
    """Proposals of every source, sorted to their side."""

    mine: list[Proposal] = field(default_factory=list)
    theirs: list[Proposal] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def run_program_linkage(
    program: Any,
    *,
    acting: Actor,
    auto_accept: float = 0.95,
    review: float = 0.5,
    progress: Progress | None = None,
    retrain: bool = False,
) -> LinkSummary:
    """Score a program's participants and comparison pool against its records; store proposals.

    One Splink run per justice source, with both groups on the left (ids prefixed p: and
    c:), so both are scored by the source's model: the program's stored model for that
    source (LinkageModel) unless there is none or `retrain`, in which case the run trains
    one and stores it. Proposals are stored per side, with one audit event each; the
    program's own people are then checked for duplicates (records.duplicates).
    """
    people = list(Person.objects.filter(program=program, status__in=LINKED_STATUSES))
    pool = list(ComparisonPerson.objects.filter(program=program))
    records = list(
        JusticeRecord.objects.filter(Q(program=program) | Q(program__isnull=True)).only(
            "pk", "public_id", "source", "external_id", "identity"
        )
    )
    thresholds = Thresholds(auto_accept=auto_accept, review=review)
    found = find_duplicate_people(program, people, acting=acting, thresholds=thresholds)
    if not (people or pool) or not records:
        return LinkSummary(len(people), len(pool), len(records), duplicates=found.new)
    left = people_frame(people, pool)
    left_pk = {f"p:{p.public_id}": p.pk for p in people} | {f"c:{c.public_id}": c.pk for c in pool}
    scored = _Scored()
    by_source: dict[str, list[JusticeRecord]] = {}
    for record in records:
        by_source.setdefault(record.source, []).append(record)
    for source, mine in sorted(by_source.items()):
        run = _SourceRun(program, source, mine, left, thresholds, acting=acting)
        run.score(scored, left_pk, retrain=retrain, progress=progress)
    return LinkSummary(
        len(people),
        len(pool),
        len(records),
        _store(scored.mine, acting, program, comparison=False),
        _store(scored.theirs, acting, program, comparison=True),
        models=tuple(scored.models),
        warnings=tuple(scored.warnings),
        duplicates=found.new,
    )


@dataclass
class _SourceRun:
    """One source's Splink run: its model (stored or trained now) and its drift check."""

    program: Any
    source: str
    records: list[JusticeRecord]
    left: Any  # the people frame
    thresholds: Thresholds
    acting: Actor

    def score(
        self,
        into: _Scored,
        left_pk: dict[str, int],
        *,
        retrain: bool,
        progress: Progress | None,
    ) -> None:
        stored = None if retrain else self._usable_stored(into)
        result = self._link(stored.settings if stored else None, progress)
        if result is None:  # the stored model names a field this data lacks
            into.warnings.append(
                f"{self.source}: the stored model compares a field this data no longer "
                "has; a new model was trained"
            )
            stored, result = None, self._link(None, progress)
        assert result is not None
        rate = drift.match_rate(int(result.pairs["right_id"].nunique()), len(self.records))
        histogram = _histogram(result)
        if stored is None:
            self._keep(result, rate, histogram)
            into.models.append(f"{self.source}: model trained now")
        else:
            baseline = drift.Baseline(
                stored.match_rate, [(b, n) for b, n in stored.weight_histogram]
            )
            into.warnings.extend(drift.drift_warnings(self.source, baseline, rate, histogram))
            when = stored.trained_at.date().isoformat()
            into.models.append(
                f"{self.source}: model trained {when} on {stored.people} people x "
                f"{stored.records} records, reused"
            )
        self._proposals(result, into, left_pk)

    def _stored(self) -> LinkageModel | None:
        return LinkageModel.objects.filter(program=self.program, source=self.source).first()

    def _usable_stored(self, into: _Scored) -> LinkageModel | None:
        """The stored model, unless its comparison levels predate this version's: its m
        and u would land on other levels, so it is retrained (and replaced) instead."""
        stored = self._stored()
        why = outdated(stored.settings) if stored is not None else None
        if why is None:
            return stored
        into.warnings.append(
            f"{self.source}: the stored model predates this version's comparison levels "
            f"({why}); a new model was trained"
        )
        return None

    def _link(self, model: dict[str, Any] | None, progress: Progress | None) -> Any:
        try:
            return link(
                self.left,
                records_frame(self.records),
                thresholds=self.thresholds,
                progress=progress,
                model=model,
            )
        except (KeyError, SplinkException, duckdb.Error):
            if model is None:
                raise
            return None

    def _keep(self, result: Any, rate: float, histogram: list[tuple[float, int]]) -> None:
        trained = TrainedModel(
            source=self.source,
            settings=result.model,
            people=len(self.left),
            records=len(self.records),
            pairs_scored=result.n_scored,
            match_rate=rate,
            weight_histogram=histogram,
        )
        do_store_linkage_model(self.program, trained, acting=self.acting)

    def _proposals(self, result: Any, into: _Scored, left_pk: dict[str, int]) -> None:
        record_pk = {r.public_id: r.pk for r in self.records}
        row: Any  # a pandas row of the pairs frame: its columns are untyped
        explained = pair_weights(result.pairs, result.model)
        for row, why in zip(result.pairs.itertuples(index=False), explained, strict=True):
            left = str(row.left_id)
            person, record = left_pk[left], record_pk[str(row.right_id)]
            p, band = float(row.match_probability), str(row.band)
            if left.startswith("p:"):
                into.mine.append(Proposal(person, record, p, band, weights=why))
            else:
                into.theirs.append(
                    Proposal(None, record, p, band, comparison_id=person, weights=why)
                )


def _histogram(result: Any) -> list[tuple[float, int]]:
    frame = result.weight_histogram
    return [(float(b), int(n)) for b, n in zip(frame["bin"], frame["n"], strict=True)]


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
            run.program,
            acting=run_actor(run),
            progress=lambda step, f: do_report_run(run, step, f),
            retrain=run.retrain,
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
