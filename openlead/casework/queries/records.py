"""Decrypting reads of one participant's casework records.

Callers have already authorised and audited the read (casework.access); nothing here
checks the actor. The open_* functions take the person's data key so a page opens it once.
"""

from __future__ import annotations

from typing import Any

from openlead.access.roles import FieldGroup
from openlead.casework.codes import Domain
from openlead.casework.models import (
    Appointment,
    Assessment,
    Contact,
    Enrollment,
    EnrollmentState,
    Goal,
)
from openlead.people import vault
from openlead.people.models import Person

OPEN_STATES = (EnrollmentState.ACTIVE, EnrollmentState.INACTIVE)


def current_enrollment(person: Person) -> Enrollment | None:
    return person.enrollments.filter(status__in=OPEN_STATES).select_related("case_manager").first()


def user_name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def enrollment_shown(enrollment: Enrollment) -> dict[str, str]:
    """What the casework page already shows of an enrollment: for the 409 page."""
    return {
        "Enrollment": enrollment.get_status_display(),
        "Case manager": user_name(enrollment.case_manager),
    }


def person_name(person: Person) -> str:
    return vault.get_person_field(person, vault.data_key(person.public_id), "legal_name")


def open_contact_note(contact: Contact, dek: bytes) -> str:
    return vault.open_text(dek, contact.note, "casework.contact", contact.public_id, "note")


def open_assessment(assessment: Assessment, dek: bytes, *, health: bool) -> dict[str, Any]:
    """Decrypted answers; the health domains only when the reader may see HEALTH."""
    ref = assessment.public_id
    answers: Any = (
        vault.open_json(assessment.answers, dek, ("casework.assessment", ref, "answers")) or {}
    )
    domains = dict(answers.get("domains", {}))
    if health:
        sealed: Any = vault.open_json(
            assessment.health_answers, dek, ("casework.assessment", ref, "health_answers")
        )
        domains.update((sealed or {}).get("domains", {}))
    ordered = {d.value: domains[d.value] for d in Domain if d.value in domains}
    return {"domains": ordered, "facts": answers.get("facts", {})}


def open_goal(goal: Goal, dek: bytes) -> tuple[str, str]:
    words = vault.open_text(dek, goal.words, "casework.goal", goal.public_id, "words")
    return words, vault.open_text(dek, goal.steps, "casework.goal", goal.public_id, "steps")


def open_appointment_note(appointment: Appointment, dek: bytes) -> str:
    return vault.open_text(
        dek, appointment.note, "casework.appointment", appointment.public_id, "note"
    )


def person_title(person: Person, groups: frozenset[str]) -> str:
    """The name a form page heads with: the legal name only to those who read IDENTITY."""
    if FieldGroup.IDENTITY not in groups:
        return f"Participant {person.public_id}"
    return person_name(person)
