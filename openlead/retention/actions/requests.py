"""Starting a deletion request: by the participant (portal) or by their care team."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.people.actions import seal_and_record
from openlead.people.models import Person
from openlead.retention.models import DeletionRequest, DeletionSource, DeletionStatus

REASON_MAX_CHARS = 2000
OPEN = (DeletionStatus.REQUESTED, DeletionStatus.APPROVED)
LABEL = "retention.deletionrequest"  # the reason's ciphertext is bound to it (vault.seal_text)


def open_request(person: Person) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(person=person, status__in=OPEN).order_by("pk").first()


def request_errors(source: str, reason: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if source not in DeletionSource.values:
        errors["source"] = "Choose who is asking for the deletion."
    if len(reason) > REASON_MAX_CHARS:
        errors["reason"] = f"Keep the reason under {REASON_MAX_CHARS} characters."
    if source == DeletionSource.STAFF and not reason.strip():
        # A participant need not say why; staff asking on their behalf must.
        errors["reason"] = "Say why this record should be deleted."
    return errors


def do_request_deletion(
    person: Person, *, acting: Actor, source: str, reason: str
) -> DeletionRequest:
    """A new request waiting for two approvals, or the person's open one (asking twice,
    from the portal and from the care team, is one request, not two)."""
    errors = request_errors(source, reason)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = open_request(person)
        if existing is not None:
            return existing
        row = DeletionRequest(
            program_id=person.program_id,
            person=person,
            person_ref=person.public_id,
            source=source,
            requested_by=acting.user,
        )
        return seal_and_record(
            acting,
            row,
            person=person,
            action=AuditAction.CREATE,
            groups=[FieldGroup.IDENTITY],
            texts={"reason": reason.strip()},
            purpose="deletion request",
            event="deletion_requested",
            request=row.public_id,
            source=source,
        )


# The portal's name for it (see the package docstring).
request_deletion = do_request_deletion
