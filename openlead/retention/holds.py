"""Which legal holds are in force over a person (read by every deletion path)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openlead.people.models import Person
from openlead.retention.models import LegalHold


def holds_in_force(program_id: int) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(program_id=program_id, lifted_at__isnull=True)


def hold_on(person: Person) -> LegalHold | None:
    """The oldest hold in force over this person: on them, on a duplicate merged into them
    (the same human, deleted with them), or on their whole program."""
    return (
        holds_in_force(person.program_id)
        .filter(Q(person=person) | Q(person__merged_into=person) | Q(person_ref=""))
        .order_by("placed_at", "pk")
        .first()
    )


def held_person_ids(program_id: int) -> set[int] | None:
    """The ids of the program's held people; None when a program-wide hold holds them all."""
    holds = holds_in_force(program_id)
    if holds.filter(person_ref="").exists():
        return None
    pairs = holds.values_list("person_id", "person__merged_into_id")
    return {pk for pair in pairs for pk in pair if pk is not None}


def why_held(hold: LegalHold) -> str:
    """What a waiting request says (no participant detail: the hold's reference only)."""
    scope = "this program" if not hold.person_ref else "this record"
    return f"A legal hold on {scope} (reference {hold.reference}) keeps it until lifted."
