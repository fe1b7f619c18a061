"""Decrypting reads of one participant's casework records.

Callers have already authorised and audited the read (casework.access); nothing here
checks the actor. The open_* functions take the person's data key so a page opens it once.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.utils import timezone

from openlead.access.roles import FieldGroup
from openlead.casework.codes import ENROLLMENT_LABELS, Domain
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
from openlead.programs.dates import EARLIEST, past_date_problem
from openlead.programs.dates import program_day as program_day  # re-exported: one definition

OPEN_STATES = (EnrollmentState.ACTIVE, EnrollmentState.INACTIVE)
# The changes that make sense from each status (None: no open enrollment). The page offers
# only these, and the action refuses the others (issue 11: "Enroll again" while active).
MOVES: dict[str | None, tuple[str, ...]] = {
    None: ("enroll",),
    EnrollmentState.ACTIVE: ("inactive", "exit", "reassign"),
    EnrollmentState.INACTIVE: ("reactivate", "exit", "reassign"),
}


def current_enrollment(person: Person) -> Enrollment | None:
    return person.enrollments.filter(status__in=OPEN_STATES).select_related("case_manager").first()


def enrollment_moves(enrollment: Enrollment | None, *, supervise: bool) -> tuple[str, ...]:
    """The changes to offer: reassigning is a supervisor's."""
    moves = MOVES.get(enrollment.status if enrollment else None, ())
    return tuple(m for m in moves if supervise or m != "reassign")


def move_refusal(enrollment: Enrollment | None, change: str) -> str:
    """Why `change` makes no sense from the enrollment's status, or "" when it does."""
    if change in MOVES.get(enrollment.status if enrollment else None, ()):
        return ""
    if enrollment is None:
        if change in ENROLLMENT_LABELS:
            return "This person has no open enrollment: enroll them again first."
        return "Choose a change from the list."
    if change == "enroll":
        return "This person is already enrolled; choose another change."
    if change in ENROLLMENT_LABELS:
        state = enrollment.get_status_display().lower()
        return f"This person is already {state}; choose another change."
    return "Choose a change from the list."


def program_zone(program: Any) -> dt.tzinfo:
    """The program's time zone. A page already runs in it (programs.middleware); a CLI or
    API caller does not, so the actions ask the program."""
    try:
        return zoneinfo.ZoneInfo(program.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, AttributeError):
        return timezone.get_current_timezone()  # settings validate zones; never fail on one


def first_day(person: Person) -> dt.date:
    """The day the person came to the program: referred or first enrolled, whichever came
    first. Nothing of their casework (contact, assessment, monthly status) is older: a
    contact dated 1901 is a typo, not history (issue 11). Never before 1900."""
    zone = program_zone(person.program)
    starts = [timezone.localdate(person.referred_at, zone)] if person.referred_at else []
    first = person.enrollments.order_by("started_on").values_list("started_on", flat=True).first()
    if first:
        starts.append(first)
    return max(min(starts, default=EARLIEST), EARLIEST)


def first_month(person: Person) -> dt.date:
    """The earliest month a monthly status may describe: the month of `first_day`."""
    return first_day(person).replace(day=1)


def record_date_problem(day: dt.date, *, first: dt.date, today: dt.date) -> str:
    """A casework date: the shared rule (not in the future, not before 1900), then not
    before the person came to the program (`first_day`)."""
    problem = past_date_problem(day, today=today)
    if not problem and day < first:
        problem = (
            f"The participant came to the program on {first:%-d %B %Y}: use that day or later."
        )
    return problem


def month_problem(month: dt.date, *, first: dt.date, today: dt.date) -> str:
    """A monthly status describes a month that has begun and that the person was with the
    program in: not a later month, not before `first` (the month of referral)."""
    month = month.replace(day=1)
    if month > today.replace(day=1):
        return f"This month has not begun yet: choose {today:%B %Y} or earlier."
    if month < first:
        return f"The participant came to the program in {first:%B %Y}: choose that month or later."
    return ""


def user_name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def enrollment_shown(enrollment: Enrollment) -> dict[str, str]:
    """What the casework page already shows of an enrollment: for the 409 page."""
    return {
        "Enrollment": enrollment.get_status_display(),
        "Case manager": user_name(enrollment.case_manager),
    }


def person_name(person: Person) -> str:
    return vault.shown_name(person, vault.data_key(person.public_id))


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
