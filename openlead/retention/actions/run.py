"""The retention job: what is past the program's schedule, as a dry run or for real.

`openlead retention run` (openlead.commands.retention) calls `do_run_retention` for each
program, every night from the timer in docs/operations.md. A dry run changes nothing and
writes one audit event saying what it found; `apply` deletes, batch by batch, through the
same shred as an approved request. Held people are never deleted; approved requests that
were waiting for a hold are carried out once it is lifted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.people.models import Person
from openlead.programs.models import Program
from openlead.retention import queries
from openlead.retention.actions.approvals import do_carry_out_deletion
from openlead.retention.actions.schedule import schedule_of
from openlead.retention.actions.shred import do_shred_people
from openlead.retention.holds import held_person_ids, hold_on

BATCH = 25  # people per transaction: each batch recomputes the report's kept counts once
PURPOSE = "retention schedule"
Progress = Callable[[int], None]


@dataclass
class Kind:
    key: str
    label: str
    due: list[str] = field(default_factory=list)  # people's public ids (or none, for rows)
    held: list[str] = field(default_factory=list)
    count: int = 0  # rows or people due (what --apply deletes)
    done: int = 0


@dataclass
class RunResult:
    program: str
    applied: bool
    kinds: list[Kind]

    @property
    def work(self) -> int:
        return sum(k.count for k in self.kinds)


def _split(people: list[Person], held: set[int] | None) -> tuple[list[Person], list[Person]]:
    if held is None:  # a program-wide hold
        return [], people
    return [p for p in people if p.pk not in held], [p for p in people if p.pk in held]


def _people_kind(key: str, label: str, found: list[Person], held: set[int] | None) -> Kind:
    free, kept = _split(found, held)
    kind = Kind(key, label, [p.public_id for p in free], [p.public_id for p in kept])
    kind.count = len(free)
    return kind


def survey(program: Program, now: dt.datetime) -> tuple[RunResult, dict[str, list[Person]]]:
    """What is due, without changing anything."""
    schedule = schedule_of(program.pk)
    today = timezone.localdate(now, timezone=ZoneInfo(program.time_zone))
    held = held_person_ids(program.pk)
    exited = list(queries.exited_past(schedule, today))
    never = list(queries.never_enrolled_past(schedule, now))
    kinds = [
        _people_kind("exited", f"Exited more than {schedule.exited_years} years ago", exited, held),
        _people_kind(
            "never_enrolled",
            f"Never enrolled, referral closed over {schedule.never_enrolled_months} months ago",
            never,
            held,
        ),
    ]
    rows = Kind(
        "rejected_rows", f"Import rows rejected over {schedule.rejected_rows_days} days ago"
    )
    rows.count = 0 if held is None else queries.rejected_rows_past(schedule, now).count()
    waiting = Kind("approved_requests", "Approved deletion requests waiting for a hold")
    for request in queries.approved_waiting(program.pk):
        target = request.person
        free = target is None or hold_on(target) is None
        (waiting.due if free else waiting.held).append(request.person_ref)
    waiting.count = len(waiting.due)
    people = {"exited": _split(exited, held)[0], "never_enrolled": _split(never, held)[0]}
    return RunResult(program.slug, False, [*kinds, rows, waiting]), people


def _apply(
    program: Program, result: RunResult, people: dict[str, list[Person]], *, acting: Actor,
    now: dt.datetime, progress: Progress,
) -> None:  # fmt: skip
    by_key = {k.key: k for k in result.kinds}
    for key, found in people.items():
        for start in range(0, len(found), BATCH):
            batch = found[start : start + BATCH]
            do_shred_people(batch, acting=acting, purpose=f"{PURPOSE}: {key}")
            by_key[key].done += len(batch)
            progress(len(batch))
    rows = by_key["rejected_rows"]
    if rows.count:
        with transaction.atomic():
            deleted, _ = queries.rejected_rows_past(schedule_of(program.pk), now).delete()
        rows.done = deleted
        progress(rows.count)
    for request in queries.approved_waiting(program.pk):
        done = do_carry_out_deletion(request, acting=acting)
        if done.status == "carried_out":
            by_key["approved_requests"].done += 1
            progress(1)


def do_run_retention(
    program: Program,
    *,
    acting: Actor,
    apply: bool = False,
    now: dt.datetime | None = None,
    progress: Progress = lambda n: None,
) -> RunResult:
    now = now or timezone.now()
    result, people = survey(program, now)
    if apply:
        _apply(program, result, people, acting=acting, now=now, progress=progress)
        result.applied = True
    with transaction.atomic():
        acting.audit(
            action=AuditAction.DELETE if apply else AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            purpose=PURPOSE,
            detail={
                "event": "retention_run" if apply else "retention_dry_run",
                "kinds": {
                    k.key: {"due": k.count, "done": k.done, "held": len(k.held)}
                    for k in result.kinds
                },  # fmt: skip
            },
        )
    return result
