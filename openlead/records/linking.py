"""`openlead link-program`: link a program's participants and comparison pool to justice records.

Identity fields are decrypted into in-memory DataFrames inside this command only, handed
to `openlead.linkage.link` (Splink on DuckDB, in memory), and dropped: no plaintext is
written to disk.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

import click

from openlead.commands import _django


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
    program: Any, *, who: Any, auto_accept: float = 0.95, review: float = 0.5, progress: Any = None
) -> LinkSummary:
    """Score a program's participants and comparison pool against its records; store proposals.

    One Splink run with both groups on the left (ids prefixed p: and c:), so both are
    scored by one model; proposals are stored per side, with one audit event each.
    """
    from django.db.models import Q

    from openlead.linkage import Thresholds, link
    from openlead.people.models import Person
    from openlead.records.identity import LINKED_STATUSES, people_frame, records_frame
    from openlead.records.models import ComparisonPerson, JusticeRecord

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
    mine: list[tuple[int, int, float, str]] = []
    theirs: list[tuple[int, int, float, str]] = []
    for row in result.pairs.itertuples(index=False):
        left = str(row.left_id)
        pair = (left_pk[left], record_pk[str(row.right_id)], float(row.match_probability))
        (mine if left.startswith("p:") else theirs).append((*pair, str(row.band)))
    return LinkSummary(
        len(people),
        len(pool),
        len(records),
        _store(mine, who, program, comparison=False),
        _store(theirs, who, program, comparison=True),
    )


def _store(
    pairs: list[tuple[int, int, float, str]], who: Any, program: Any, *, comparison: bool
) -> SideCounts:
    from openlead.records.actions import Proposal, do_store_proposals

    if not pairs:
        return SideCounts()
    proposals = [
        Proposal(None, record, p, band, comparison_id=left)
        if comparison
        else Proposal(left, record, p, band)
        for left, record, p, band in pairs
    ]
    purpose = "record linkage (comparison group)" if comparison else "record linkage"
    counts = do_store_proposals(proposals, who=who, program_id=program.pk, purpose=purpose)
    return SideCounts(counts.auto_accepted, counts.queued, counts.already_known)


def execute_linkage_run(run_id: str, *, reraise: bool = False) -> LinkSummary | None:
    """The work of a LinkageRun (web "Run linkage now"): progress into the row, then
    complete, or stopped with a reason that names no data (values can identify people)."""
    from openlead.access import audit
    from openlead.programs.runs import do_finish_run, do_report_run, do_stop_run
    from openlead.records.models import LinkageRun

    run = LinkageRun.objects.select_related("program", "started_by").get(public_id=run_id)
    user = run.started_by
    who = audit.Who(
        user.pk if user else None,
        user.get_username() if user else "",
        run.started_role,
        run.program_id,
    )
    do_report_run(run, "starting", 0.0)
    try:
        summary = run_program_linkage(
            run.program, who=who, progress=lambda step, f: do_report_run(run, step, f)
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


@click.command("link-program")
@click.option("--program", "program_slug", default="", help="Program slug (needed if several).")
@click.option("--auto-accept", default=0.95, show_default=True, type=click.FloatRange(0, 1))
@click.option("--review", default=0.5, show_default=True, type=click.FloatRange(0, 1))
@click.option(
    "--run",
    "run_id",
    default="",
    help="A linkage run started in the web app: report progress and counts into it.",
)
def link_program(program_slug: str, auto_accept: float, review: float, run_id: str) -> None:
    """Link a program's participants and comparison pool to imported justice records."""
    if not 0 < review <= auto_accept:
        raise _django.UsageError("--review must be above 0 and at most --auto-accept")
    _django.setup()
    if run_id:
        _run_for_web(run_id, program_slug)
        return
    from rich.console import Console
    from rich.progress import Progress

    from openlead.access import audit

    program = _program(program_slug)
    who = audit.Who(None, f"cli:{getpass.getuser()}", "", program.pk)
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("linking", total=1.0)

        def report(step: str, fraction: float) -> None:
            bar.update(task, completed=fraction, description=f"linking: {step}")

        summary = run_program_linkage(
            program, who=who, auto_accept=auto_accept, review=review, progress=report
        )
    click.echo(
        f"ok: {program.slug}: {summary.people} participants and {summary.comparison_people} "
        f"comparison people x {summary.records} records; "
        f"participants: {summary.participants.line()}; "
        f"comparison group: {summary.comparison.line()}"
    )


def _run_for_web(run_id: str, program_slug: str) -> None:
    from openlead.programs.runs import RunStatus
    from openlead.records.models import LinkageRun

    run = LinkageRun.objects.select_related("program").filter(public_id=run_id).first()
    if run is None:
        raise _django.UsageError(f"--run: no linkage run {run_id!r}")
    if program_slug and run.program.slug != program_slug:
        raise _django.UsageError(f"--run: run {run_id} belongs to another program")
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        raise _django.UsageError(f"--run: run {run_id} is {run.status} already")
    summary = execute_linkage_run(run_id, reraise=True)
    assert summary is not None
    click.echo(f"ok: run {run_id} complete: {summary.run_counts()}")


def _program(slug: str) -> Any:
    from openlead.programs.models import Program

    if slug:
        program = Program.objects.filter(slug=slug).first()
        if program is None:
            raise _django.UsageError(f"--program: no program with the slug {slug!r}")
        return program
    programs = list(Program.objects.order_by("slug")[:2])
    if len(programs) != 1:
        raise _django.UsageError("--program: name the program (slug) to link")
    return programs[0]
