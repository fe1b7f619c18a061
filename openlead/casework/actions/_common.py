"""What every casework action shares: the audit event, today's date, seal-save-record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditAction, AuditOutcome
from openlead.people import vault
from openlead.people.models import Person

M = TypeVar("M", bound=models.Model)
NOTE_MAX_CHARS = 5000


def record(
    acting: Actor,
    person: Person | None,
    action: str,
    groups: Iterable[str],
    *,
    purpose: str = "",
    **detail: Any,
) -> None:
    """One allowed event about a participant (a funds entry may have lost its person)."""
    acting.audit(
        action=action,
        outcome=AuditOutcome.ALLOWED,
        person_ref=person.public_id if person is not None else "",
        groups=list(groups),
        purpose=purpose,
        detail=detail,
    )


def today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def seal_and_record(
    acting: Actor,
    row: M,
    *,
    person: Person,
    action: str,
    groups: Iterable[str],
    texts: dict[str, str] | None = None,
    documents: dict[str, Any] | None = None,
    update_fields: list[str] | None = None,
    purpose: str = "",
    **detail: Any,
) -> M:
    """Encrypt the row's free text under the person's data key, save it, audit it.

    Each ciphertext is bound to (model label, public id, field), as the queries' open_*
    functions expect. Without `update_fields` the row is new (force_insert)."""
    texts, documents = texts or {}, documents or {}
    dek = vault.data_key(person.public_id)
    label, ref = row._meta.label_lower, str(row.__dict__["public_id"])
    for name, text in texts.items():
        setattr(row, name, vault.seal_text(dek, text, label, ref, name))
    for name, document in documents.items():
        setattr(row, name, vault.seal_json(document, dek, (label, ref, name)))
    with transaction.atomic():
        if update_fields is None:
            row.save(force_insert=True)
        else:
            row.save(update_fields=[*update_fields, *texts, *documents])
        record(acting, person, action, groups, purpose=purpose, **detail)
    return row


def refuse(acting: Actor, *, purpose: str, person_ref: str = "") -> PermissionDenied:
    """Audit a write the role may not make (its own transaction); returns the 403 to raise."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.DENIED,
            purpose=purpose,
            person_ref=person_ref,
            groups=[],
        )
    return PermissionDenied()


def require_seen(
    seen: str | None, state: str, current: dict[str, str], attempted: dict[str, str]
) -> None:
    """The page posts the state it showed; if the row has moved on since, that is a conflict."""
    if seen and seen != state:
        raise StaleWrite(
            "Someone else changed this while you were looking at it.",
            current=current,
            attempted=attempted,
        )
