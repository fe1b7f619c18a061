"""`openlead link-program`: link a program's participants to imported justice records.

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
class LinkSummary:
    people: int
    records: int
    auto_accepted: int
    queued: int
    already_known: int


def run_program_linkage(
    program: Any, *, who: Any, auto_accept: float = 0.95, review: float = 0.5, progress: Any = None
) -> LinkSummary:
    """Score every participant of `program` against its records and store the proposals."""
    from django.db.models import Q

    from openlead.linkage import Thresholds, link
    from openlead.people.models import Person
    from openlead.records.actions import Proposal, do_store_proposals
    from openlead.records.identity import LINKED_STATUSES, people_frame, records_frame
    from openlead.records.models import JusticeRecord

    people = list(Person.objects.filter(program=program, status__in=LINKED_STATUSES))
    records = list(
        JusticeRecord.objects.filter(Q(program=program) | Q(program__isnull=True)).only(
            "pk", "public_id", "source", "external_id", "identity"
        )
    )
    if not people or not records:
        return LinkSummary(len(people), len(records), 0, 0, 0)
    result = link(
        people_frame(people),
        records_frame(records),
        thresholds=Thresholds(auto_accept=auto_accept, review=review),
        progress=progress,
    )
    person_pk = {p.public_id: p.pk for p in people}
    record_pk = {r.public_id: r.pk for r in records}
    proposals = [
        Proposal(
            person_pk[str(row.left_id)],
            record_pk[str(row.right_id)],
            float(row.match_probability),
            str(row.band),
        )
        for row in result.pairs.itertuples(index=False)
    ]
    counts = do_store_proposals(proposals, who=who, program_id=program.pk)
    return LinkSummary(
        len(people), len(records), counts.auto_accepted, counts.queued, counts.already_known
    )


@click.command("link-program")
@click.option("--program", "program_slug", default="", help="Program slug (needed if several).")
@click.option("--auto-accept", default=0.95, show_default=True, type=click.FloatRange(0, 1))
@click.option("--review", default=0.5, show_default=True, type=click.FloatRange(0, 1))
def link_program(program_slug: str, auto_accept: float, review: float) -> None:
    """Link a program's participants to imported justice records (auto-accept or review)."""
    if not 0 < review <= auto_accept:
        raise _django.UsageError("--review must be above 0 and at most --auto-accept")
    _django.setup()
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
        f"ok: {program.slug}: {summary.people} participants x {summary.records} records; "
        f"{summary.auto_accepted} linked automatically, {summary.queued} sent to review, "
        f"{summary.already_known} decided before"
    )


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
