"""Writes of the records app: comparison pools, link proposals, review decisions, linkage runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.background.actions import do_start_run, do_stop_stale_runs
from openlead.background.process import launch_run
from openlead.people.models import RACE_FLAGS, Person
from openlead.people.vault import identifier_index
from openlead.records.comparison import ComparisonRow
from openlead.records.keys import COMPARISON_TABLE, sealer_for
from openlead.records.models import (
    ComparisonPerson,
    LinkageRun,
    LinkBand,
    LinkStatus,
    PersonRecordLink,
    comparison_source,
)
from openlead.records.queries import sibling_links
from openlead.records.signals import links_accepted

DECISIONS = {"accept": LinkStatus.ACCEPTED, "reject": LinkStatus.REJECTED}
COMPARISON_CHUNK = 1000
# A run that has not reported for this long was killed (its process is gone).
STALE_RUN_AFTER = dt.timedelta(hours=2)
STALE_REASON = "No progress for two hours: the linkage process was probably stopped."
BUSY = "A linkage run for this program is already queued or running; wait for it to finish."
START_PURPOSE = "start record linkage"


@dataclass(frozen=True)
class Proposal:
    person_id: int | None  # a participant, or None for a comparison person
    record_id: int
    probability: float
    band: str  # auto_accept | review
    comparison_id: int | None = None
    weights: dict[str, Any] = field(default_factory=dict)  # linkage.explain.pair_weights


@dataclass(frozen=True)
class ProposalCounts:
    auto_accepted: int
    queued: int
    already_known: int


def do_store_proposals(
    proposals: list[Proposal], *, acting: Actor, program_id: int, purpose: str = "record linkage"
) -> ProposalCounts:
    """Attach auto-accepted pairs, queue review pairs; pairs seen before (even rejected) stay as they are."""
    now = timezone.now()
    with transaction.atomic():
        fresh = _unseen(proposals)
        links = [
            PersonRecordLink(
                person_id=p.person_id,
                comparison_id=p.comparison_id,
                record_id=p.record_id,
                probability=p.probability,
                weights=p.weights,
                band=p.band,
                status=LinkStatus.ACCEPTED
                if p.band == LinkBand.AUTO_ACCEPT
                else LinkStatus.PENDING,
                decided_at=now if p.band == LinkBand.AUTO_ACCEPT else None,
            )
            for p in fresh
        ]
        PersonRecordLink.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
        counts = ProposalCounts(
            auto_accepted=sum(1 for p in fresh if p.band == LinkBand.AUTO_ACCEPT),
            queued=sum(1 for p in fresh if p.band != LinkBand.AUTO_ACCEPT),
            already_known=len(proposals) - len(fresh),
        )
        acting.audit(
            action=AuditAction.CREATE if fresh else AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.IDENTITY, FieldGroup.LEGAL],
            purpose=purpose,
            detail={
                "program_id": program_id,
                "auto_accepted": counts.auto_accepted,
                "queued": counts.queued,
                "already_known": counts.already_known,
                "comparison_pairs": sum(1 for p in fresh if p.comparison_id is not None),
            },
        )
    accepted = [(p.person_id, p.record_id) for p in fresh if p.band == LinkBand.AUTO_ACCEPT]
    _announce(accepted, acting)
    return counts


def _announce(pairs: list[tuple[int | None, int]], acting: Actor) -> None:
    """Tell the apps that act on accepted links (legal's pending cases) which pairs are new."""
    people = [(person, record) for person, record in pairs if person is not None]
    if people:
        links_accepted.send(sender=PersonRecordLink, pairs=people, acting=acting)


def _unseen(proposals: list[Proposal]) -> list[Proposal]:
    """Proposals for pairs never stored before (on either side), rejected pairs included."""
    people = {p.person_id for p in proposals if p.person_id is not None}
    pool = {p.comparison_id for p in proposals if p.comparison_id is not None}
    known_people = set(
        PersonRecordLink.objects.filter(person_id__in=people).values_list("person_id", "record_id")
    )
    known_pool = set(
        PersonRecordLink.objects.filter(comparison_id__in=pool).values_list(
            "comparison_id", "record_id"
        )
    )
    return [
        p
        for p in proposals
        if (p.person_id, p.record_id) not in known_people
        and (p.comparison_id, p.record_id) not in known_pool
    ]


def check_decide_link(link: PersonRecordLink, decision: str, *, acting: Actor) -> PersonRecordLink:
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Choose accept or reject."})
    if link.status != LinkStatus.PENDING:
        raise ValidationError({"decision": "Someone has already decided this pair."})
    return do_decide_link(link, DECISIONS[decision], acting=acting)


def do_decide_link(link: PersonRecordLink, status: str, *, acting: Actor) -> PersonRecordLink:
    """Decide a pair, and with it the pending links of the same pair (the other records of
    the same justice person for the same participant): the reviewer is asked once."""
    with transaction.atomic():
        siblings = list(sibling_links(link))
        now = timezone.now()
        # Only a pending pair changes: two reviewers deciding at once cannot both win.
        changed = PersonRecordLink.objects.filter(pk=link.pk, status=LinkStatus.PENDING).update(
            status=status, decided_by=acting.user, decided_at=now
        )
        if not changed:
            raise ValidationError({"decision": "Someone has already decided this pair."})
        also = PersonRecordLink.objects.filter(
            pk__in=[s.pk for s in siblings], status=LinkStatus.PENDING
        ).update(status=status, decided_by=acting.user, decided_at=now)
        link.refresh_from_db()
        detail = link_detail(link, decision=status)
        if siblings:
            detail["same_pair_links"] = [s.public_id for s in siblings]
            detail["same_pair_decided"] = also
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=link.person.public_id if link.person else "",
            groups=[FieldGroup.LEGAL],
            purpose="record link review",
            detail=detail,
        )
        if status == LinkStatus.ACCEPTED:
            pairs = [(link.person_id, link.record_id)]
            _announce(pairs + [(s.person_id, s.record_id) for s in siblings], acting)
    return link


def do_refuse_link_decision(link: PersonRecordLink, reasons: list[str], *, acting: Actor) -> None:
    """The audited refusal of a decision (an unknown choice, or a pair already decided)."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.DENIED,
            person_ref=link.person.public_id if link.person else "",
            purpose="record link decision",
            detail=link_detail(link, reason="; ".join(reasons)[:200]),
        )


def link_detail(link: PersonRecordLink, **extra: Any) -> dict[str, Any]:
    """A link's audit detail: its id and its sides' ids, never identity values."""
    detail = {"link": link.public_id, "record": link.record.public_id, **extra}
    if link.comparison:
        detail["comparison"] = link.comparison.public_id
    return detail


def do_refuse_justice_records(person: Person, *, acting: Actor, purpose: str) -> None:
    """The audited refusal of a participant's justice records (a role outside the care team,
    or LEGAL not visible to it)."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.DENIED,
            person_ref=person.public_id,
            groups=[FieldGroup.LEGAL],
            purpose=purpose,
        )


# --- comparison pools --------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonCounts:
    rows: int
    imported: int
    already_present: int
    rejected: int


def do_import_comparison(
    program: Any,
    pool: str,
    rows: list[ComparisonRow],
    *,
    rows_seen: int,
    rejected: int,
    acting: Actor,
    progress: Callable[[int], None] | None = None,
) -> ComparisonCounts:
    """Seal and store checked rows; ids already in the pool stay as they are (idempotent)."""
    sealer = sealer_for(comparison_source(program.pk, pool), create=True, table=COMPARISON_TABLE)
    imported = 0
    with transaction.atomic():
        known = set(
            ComparisonPerson.objects.filter(program=program, pool=pool).values_list(
                "external_id", flat=True
            )
        )
        fresh = [r for r in rows if r.external_id not in known]
        for start in range(0, len(fresh), COMPARISON_CHUNK):
            chunk = fresh[start : start + COMPARISON_CHUNK]
            objs = [_comparison_person(program, pool, r, sealer) for r in chunk]
            imported += len(ComparisonPerson.objects.bulk_create(objs, ignore_conflicts=True))
            if progress:
                progress(start + len(chunk))
        counts = ComparisonCounts(rows_seen, imported, len(rows) - len(fresh), rejected)
        acting.audit(
            action=AuditAction.CREATE if imported else AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.IDENTITY],
            purpose="comparison pool import",
            detail={
                "program_id": program.pk,
                "pool": pool,
                "rows": counts.rows,
                "imported": counts.imported,
                "already_present": counts.already_present,
                "rejected": counts.rejected,
            },
        )
    return counts


def _comparison_person(program: Any, pool: str, row: ComparisonRow, sealer: Any) -> Any:
    state_id = row.identity.get("state_id", "")
    flags = {name: name in row.race_flags for name, _label in RACE_FLAGS}
    return ComparisonPerson(
        program=program,
        pool=pool,
        external_id=row.external_id,
        identity=sealer.seal(row.external_id, row.identity),
        birth_year=int(row.identity["dob"][:4]),
        state_id_index=identifier_index("state_id", state_id) if state_id else "",
        index_date=row.index_date,
        race_none=row.race_none,
        sex=row.sex,
        **flags,
    )


# --- linkage runs started from the web app --------------------------------------------------


def check_start_linkage_run(program: Any, *, acting: Actor, retrain: bool = False) -> LinkageRun:
    """Refuses a second run while one for the program is queued or running."""
    do_stop_stale_runs(LinkageRun, program, STALE_RUN_AFTER, STALE_REASON)
    run = LinkageRun(
        program=program, started_by=acting.user, started_role=acting.role, retrain=retrain
    )
    do_start_run(run, acting=acting, purpose=START_PURPOSE, busy=BUSY)
    return run


def do_refuse_linkage_run(acting: Actor) -> None:
    """The audited refusal of a second run while one is under way."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.DENIED,
            purpose=START_PURPOSE,
            detail={"reason": "a run is already queued or running"},
        )


def do_launch_linkage_run(run: LinkageRun) -> None:
    """Start the run's work: a detached `openlead link-program --run` process, so no web
    worker waits on Splink; inline (tests), the same work right here."""
    launch_run(
        run,
        args=["link-program", "--program", run.program.slug, "--run", run.public_id],
        what="linkage",
        runner_setting="OPENLEAD_LINKAGE_RUNNER",
        worker="openlead.records.linkage_runs:execute_linkage_run",
    )
