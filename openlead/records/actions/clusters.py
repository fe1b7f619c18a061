"""Writes of the justice import's clustering: which JusticePerson holds which records."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.records.models import JusticePerson, JusticeRecord


@dataclass(frozen=True)
class ClusterCounts:
    records: int
    justice_persons: int  # after this clustering
    created: int
    moved: int  # records that changed justice person (joined or merged clusters)

    def line(self) -> str:
        return (
            f"{self.records} records of {self.justice_persons} people "
            f"({self.created} new, {self.moved} records re-grouped)"
        )


def do_assign_justice_persons(
    source: str, records: list[JusticeRecord], groups: list[list[str]], *, acting: Actor
) -> ClusterCounts:
    """Give each group of records (public ids) one justice person.

    A group keeps the oldest justice person its records already hold, so earlier links
    and decisions stay with it; a group with none gets a new one. Justice persons left
    without records (two clusters joined by a new record) are deleted.
    """
    by_id = {r.public_id: r for r in records}
    moved = 0
    with transaction.atomic():
        changed: list[JusticeRecord] = []
        fresh: list[list[JusticeRecord]] = []
        for group in groups:
            members = [by_id[g] for g in group if g in by_id]
            held = sorted({m.justice_person_id for m in members if m.justice_person_id})
            if not held:
                fresh.append(members)
                continue
            for member in members:
                if member.justice_person_id != held[0]:
                    moved += member.justice_person_id is not None
                    member.justice_person_id = held[0]
                    changed.append(member)
        made = JusticePerson.objects.bulk_create(
            [JusticePerson(source=source) for _ in fresh], batch_size=1000
        )
        created = len(made)
        for person, members in zip(made, fresh, strict=True):
            for member in members:
                member.justice_person_id = person.pk
                changed.append(member)
        JusticeRecord.objects.bulk_update(changed, ["justice_person"], batch_size=1000)
        JusticePerson.objects.filter(source=source, records__isnull=True).delete()
        counts = ClusterCounts(
            records=len(records),
            justice_persons=JusticePerson.objects.filter(source=source).count(),
            created=created,
            moved=moved,
        )
        acting.audit(
            action=AuditAction.UPDATE if changed else AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.IDENTITY],
            purpose="justice records clustering",
            detail={
                "source": source,
                "records": counts.records,
                "justice_persons": counts.justice_persons,
                "created": created,
                "moved": moved,
            },
        )
    return counts
