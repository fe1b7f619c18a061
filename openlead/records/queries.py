"""Reads of the records app: its pages' queries, and the linked events other apps use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from openlead.access.acting import Actor
from openlead.access.getters import get_for
from openlead.access.helpers import scoped_people
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.people import vault
from openlead.people.models import Person
from openlead.records.identity import comparison_identity, person_identity, record_identity
from openlead.records.models import (
    DuplicatePair,
    DuplicateStatus,
    ImportBatch,
    ImportRowError,
    LinkageRun,
    LinkStatus,
    PersonRecordLink,
)


@dataclass(frozen=True)
class LinkedEvent:
    person_ref: str  # the participant's public id: the extract hashes it
    kind: str
    occurred_on: dt.date
    ended_on: dt.date | None
    severity: str


def linked_events(program_id: int) -> list[LinkedEvent]:
    """Accepted justice events of a program's participants, with no identity fields.

    For the de-identified evaluation extract only: the caller hashes `person_ref`,
    suppresses small cells and audits the export.
    """
    links = (
        PersonRecordLink.objects.filter(person__program_id=program_id, status=LinkStatus.ACCEPTED)
        .select_related("person", "record")
        .order_by("person_id", "record__occurred_on", "pk")
    )
    return [
        LinkedEvent(
            link.person.public_id if link.person else "",
            link.record.kind,
            link.record.occurred_on,
            link.record.ended_on,
            link.record.severity,
        )
        for link in links
    ]


# --- the review queue, linkage runs, import batches and justice records pages -------------


def program_links(actor: Actor) -> QuerySet[PersonRecordLink]:
    """Links of the actor's program, on either side (participant or comparison person)."""
    return PersonRecordLink.objects.filter(
        Q(person__program_id=actor.program_id) | Q(comparison__program_id=actor.program_id)
    ).select_related("person", "comparison", "record")


def link_for(actor: Actor, link_id: str) -> PersonRecordLink | None:
    return program_links(actor).filter(public_id=link_id).first()


def pending_links(actor: Actor) -> QuerySet[PersonRecordLink]:
    """The review queue, one item per (participant or comparison person, justice person):
    the most probable of its pending links stands for the others, which the decision
    decides too (actions.do_decide_link). Most probable pairs first."""
    pending = program_links(actor).filter(status=LinkStatus.PENDING)
    stronger = PersonRecordLink.objects.filter(
        Q(person_id=OuterRef("person_id")) | Q(comparison_id=OuterRef("comparison_id")),
        status=LinkStatus.PENDING,
        record__justice_person_id=OuterRef("record__justice_person_id"),
    ).filter(
        Q(probability__gt=OuterRef("probability"))
        | Q(probability=OuterRef("probability"), pk__lt=OuterRef("pk"))
    )
    alone = Q(record__justice_person__isnull=True)
    return pending.filter(alone | ~Exists(stronger)).order_by("-probability", "pk")


def sibling_links(link: PersonRecordLink) -> QuerySet[PersonRecordLink]:
    """The pending links of the same pair: same participant (or comparison person), other
    records of the same justice person. Empty for a record not yet clustered."""
    if link.record.justice_person_id is None:
        return PersonRecordLink.objects.none()
    side = Q(person_id=link.person_id) if link.person_id else Q(comparison_id=link.comparison_id)
    return (
        PersonRecordLink.objects.filter(
            side,
            status=LinkStatus.PENDING,
            record__justice_person_id=link.record.justice_person_id,
        )
        .exclude(pk=link.pk)
        .select_related("record")
    )


def program_linkage_runs(actor: Actor) -> QuerySet[LinkageRun]:
    return LinkageRun.objects.filter(program_id=actor.program_id)


def latest_linkage_run(actor: Actor) -> LinkageRun | None:
    return program_linkage_runs(actor).order_by("-started_at").first()


def link_sides(link: PersonRecordLink) -> tuple[dict[str, str], dict[str, str]]:
    """The decrypted identities of a link's two sides (the reviewer's side-by-side)."""
    if link.comparison:
        left = comparison_identity(link.comparison)
    else:
        assert link.person is not None  # the check constraint: one side is set
        left = person_identity(link.person)
    return left, record_identity(link.record)


def program_batches(actor: Actor) -> QuerySet[ImportBatch]:
    """The actor's program's batches, plus those imported without --program: those feed
    every program's linkage, so every program's import staff may follow them."""
    return ImportBatch.objects.filter(
        Q(program_id=actor.program_id) | Q(program__isnull=True)
    ).select_related("program")


def batch_for(request: HttpRequest, batch_id: str, purpose: str) -> ImportBatch:
    """One batch through the audited getter: the import page and the API read it alike."""
    batch: ImportBatch = get_for(
        request,
        program_batches,
        batch_id,
        purpose=purpose,
        message="No such import batch.",
        detail=lambda b: {"batch": b.public_id, "status": b.status},
    )
    return batch


def latest_batches(actor: Actor, limit: int) -> list[ImportBatch]:
    return list(program_batches(actor).order_by("-started_at", "-pk")[:limit])


def rejected_rows(batch: ImportBatch, limit: int) -> tuple[list[ImportRowError], int]:
    """The first `limit` rejected rows of a batch (row, column, reason) and how many in all."""
    row_errors = ImportRowError.objects.filter(batch=batch).order_by("row_number", "column")
    return list(row_errors[:limit]), row_errors.count()


def person_in_scope(actor: Actor, public_id: str) -> Person | None:
    return scoped_people(actor).filter(public_id=public_id).first()


def accepted_links(person: Person) -> list[PersonRecordLink]:
    """A participant's linked justice records, latest first."""
    return list(
        PersonRecordLink.objects.filter(person=person, status=LinkStatus.ACCEPTED)
        .select_related("record")
        .order_by("-record__occurred_on", "pk")
    )


def read_justice_records(actor: Actor, person: Person, purpose: str) -> list[PersonRecordLink]:
    """The participant's justice records and the read event, in one transaction (as the
    getters do): if the audit write fails, nothing is shown."""
    with transaction.atomic():
        links = accepted_links(person)
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=[FieldGroup.LEGAL],
            purpose=purpose,
            detail={"records": len(links)},
        )
    return links


# --- duplicate candidates among a program's people --------------------------------------


def program_duplicates(actor: Actor) -> QuerySet[DuplicatePair]:
    """The program's pairs whose two people are both still records of their own (a merged
    record is a tombstone: its pairs are done)."""
    return DuplicatePair.objects.filter(
        program_id=actor.program_id,
        left__merged_into__isnull=True,
        right__merged_into__isnull=True,
    ).select_related("left", "right")


def pending_duplicates(actor: Actor) -> QuerySet[DuplicatePair]:
    """Most probable first: the automatic band (almost surely one person) at the top."""
    return (
        program_duplicates(actor)
        .filter(status=DuplicateStatus.PENDING)
        .order_by("-probability", "pk")
    )


def duplicate_sides(pair: DuplicatePair) -> tuple[dict[str, str], dict[str, str]]:
    """The decrypted identities of the two people (the reviewer's side-by-side)."""
    return person_identity(pair.left), person_identity(pair.right)


@dataclass(frozen=True)
class PairRow:
    """One line of the duplicates page: the pair and the two names a supervisor knows."""

    pair: DuplicatePair
    left_name: str
    right_name: str


def duplicate_rows(pairs: list[DuplicatePair]) -> list[PairRow]:
    """The pairs with both people's names, their keys read in one query: the list named
    them only by their public ids, so every pair had to be opened to know who it was."""
    people = [p for pair in pairs for p in (pair.left, pair.right)]
    keys = vault.data_keys([p.public_id for p in people])

    def name(person: Person) -> str:
        dek = keys.get(person.public_id)
        shown = vault.shown_name(person, dek) if dek is not None else ""
        return shown or f"Record {person.public_id}"

    return [PairRow(pair, name(pair.left), name(pair.right)) for pair in pairs]
