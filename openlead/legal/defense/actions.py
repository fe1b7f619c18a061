"""The note channel's one write: a note between the defense and the care team.

check_write_defense_note refuses first (wrong role or no open channel: 403, audited;
empty or too long text: a field error), then do_write_defense_note seals the text under
the person's data key and writes the audit event in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_denied
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.legal.defense.queries import channel_open
from openlead.legal.models import DefenseNote
from openlead.people.actions import seal_and_record
from openlead.people.models import Person

NOTE_MAX_CHARS = 2000  # a message to the other side, not a case file
PURPOSE = "defense note"


def note_problem(text: str) -> str:
    """The sentence shown beside the text field, or "" when the text is fine."""
    if not text.strip():
        return "Write the note."
    if len(text) > NOTE_MAX_CHARS:
        return (
            f"Keep a note to {NOTE_MAX_CHARS:,} characters or fewer (this one has {len(text):,})."
        )
    return ""


def refuse_write(acting: Actor, person: Person) -> PermissionDenied:
    return refuse_denied(
        acting, PURPOSE, AuditAction.CREATE, person_ref=person.public_id, groups=[FieldGroup.LEGAL]
    )


def check_write_defense_note(person: Person, text: str, *, acting: Actor) -> DefenseNote:
    if acting.is_system or not channel_open(acting, person):
        raise refuse_write(acting, person)
    problem = note_problem(text)
    if problem:
        raise ValidationError({"text": problem})
    return do_write_defense_note(person, text.strip(), acting=acting)


def do_write_defense_note(person: Person, text: str, *, acting: Actor) -> DefenseNote:
    note = DefenseNote(
        program_id=person.program_id, person=person, author=acting.user, author_role=acting.role
    )
    return seal_and_record(
        acting,
        note,
        person=person,
        action=AuditAction.CREATE,
        groups=[FieldGroup.LEGAL],
        texts={"sealed_text": text},
        purpose=PURPOSE,
        note=note.public_id,
        side=acting.role,
    )
