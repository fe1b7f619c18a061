"""Carrying a deletion out: unlink, untoken, then crypto-shred, each step audited.

Both paths come here: an approved deletion request (actions.approvals) and the retention
job (actions.run). What the law still needs is kept as counts, never rows: the apps above
answer `signals.people_deleting` (the policy group's report keeps its past quarters)."""

from __future__ import annotations

from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from typing import cast
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.people.actions import do_delete_person
from openlead.people.models import ExternalIdentifier, Person, PersonMerge, PersonNameToken
from openlead.records.models import PersonRecordLink
from openlead.referrals.models import Referral
from openlead.retention.holds import hold_on
from openlead.retention.models import (
    DeletedTally,
    DeletionCause,
    DeletionRequest,
    DeletionStatus,
    LegalHold,
)
from openlead.retention.signals import people_deleting

OPEN = (DeletionStatus.REQUESTED, DeletionStatus.APPROVED)
REQUEST_PURPOSE = "deletion request"  # actions.approvals.PURPOSE: the cause in the tally


@dataclass
class Shredded:
    refs: list[str] = field(default_factory=list)
    steps: dict[str, int] = field(default_factory=dict)

    def add(self, step: str, count: int) -> None:
        self.steps[step] = self.steps.get(step, 0) + count


def _step(acting: Actor, ref: str, step: str, purpose: str, **counts: int) -> None:
    acting.audit(
        action=AuditAction.DELETE,
        outcome=AuditOutcome.ALLOWED,
        person_ref=ref,
        purpose=purpose,
        detail={"event": "deletion_step", "step": step, **counts},
    )


def _unlink(person: Person, family: list[Person], acting: Actor, purpose: str) -> dict[str, int]:
    """Remove the links and the search tokens: the justice records stay, unlinked."""
    links, _ = PersonRecordLink.objects.filter(person__in=family).delete()
    _step(acting, person.public_id, "justice_links_removed", purpose, links=links)
    tokens, _ = PersonNameToken.objects.filter(person__in=family).delete()
    identifiers, _ = ExternalIdentifier.objects.filter(person__in=family).delete()
    Person.objects.filter(pk__in=[p.pk for p in family]).update(name_dob_index="")
    _step(
        acting,
        person.public_id,
        "blind_indexes_removed",
        purpose,
        name_tokens=tokens,
        identifiers=identifiers,
    )
    # A lifted hold keeps its history (reference, who placed and lifted it) and the public
    # id; only the link to the row goes. Holds in force were refused in do_shred_people.
    LegalHold.objects.filter(person__in=family, lifted_at__isnull=False).update(person=None)
    merges, _ = PersonMerge.objects.filter(Q(survivor__in=family) | Q(absorbed__in=family)).delete()
    closed = DeletionRequest.objects.filter(person__in=family, status__in=OPEN).update(
        status=DeletionStatus.CARRIED_OUT, carried_out_at=timezone.now(), waiting_for=""
    )
    return {"links": links, "tokens": tokens + identifiers, "merges": merges, "requests": closed}


def _tally(person: Person, cause: str) -> None:
    """Count the person in the evaluation's attrition (models.DeletedTally) before they go."""
    first = Referral.objects.filter(person=person).order_by("referred_at", "pk").first()
    quarter, door = "", ""
    if first is not None:
        day = timezone.localdate(first.referred_at, timezone=ZoneInfo(person.program.time_zone))
        quarter, door = f"{day.year}-Q{(day.month - 1) // 3 + 1}", first.door
    tally, _ = DeletedTally.objects.get_or_create(
        program_id=person.program_id, index_quarter=quarter, door=door, cause=cause
    )
    DeletedTally.objects.filter(pk=tally.pk).update(people=F("people") + 1)


def _shred_one(person: Person, acting: Actor, purpose: str, done: Shredded) -> None:
    # The tombstones of duplicates merged into this person are the same human.
    family = [person, *Person.objects.filter(merged_into=person)]
    _tally(person, DeletionCause.REQUEST if purpose == REQUEST_PURPOSE else DeletionCause.RETENTION)
    for step, count in _unlink(person, family, acting, purpose).items():
        done.add(step, count)
    for absorbed in family[1:]:
        do_delete_person(absorbed, acting=acting, reason=purpose)
    do_delete_person(person, acting=acting, reason=purpose)  # destroys the data key first
    done.add("people", len(family))
    done.refs.append(person.public_id)


def do_shred_people(people: list[Person], *, acting: Actor, purpose: str) -> Shredded:
    """Delete these people of one program for good; refuses if any is under a legal hold."""
    done = Shredded()
    if not people:
        return done
    held = [p.public_id for p in people if hold_on(p) is not None]
    if held:
        raise ValidationError(f"Under a legal hold: {', '.join(held)}")
    program = people[0].program
    # The key store is its own database: its deletes commit with the batch, so a failure
    # halfway leaves no person whose key is gone but whose rows are still there.
    with transaction.atomic(), transaction.atomic(using="keys"), ExitStack() as keeping:
        answers = people_deleting.send(
            sender=type(program), program=program, person_ids=[p.pk for p in people], acting=acting
        )
        for _, keeper in answers:
            keeping.enter_context(cast(AbstractContextManager[object], keeper))
        for person in people:
            _shred_one(person, acting, purpose, done)
    return done
