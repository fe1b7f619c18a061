"""Every write to people, notes and consents: validated, in a transaction, audited.

Each takes one keyword-only `acting` actor; its audit event carries the actor's request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.people import vault
from openlead.people.models import ConsentRelease, ExternalIdentifier, Note, Person
from openlead.people.tokens import reindex_person

NOTE_MAX_CHARS = 5000
M = TypeVar("M", bound=models.Model)


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


@dataclass
class NewPerson:
    program_id: int
    legal_name: str
    date_of_birth: str = ""
    aliases: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    sex: int = 99
    race_flags: list[str] = field(default_factory=list)
    race_none: int | None = None
    status: str = "referred"
    case_manager_id: int | None = None
    referred_by_id: int | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    referred_at: dt.datetime | None = None


def do_create_person(data: NewPerson, *, acting: Actor) -> Person:
    person = Person(
        program_id=data.program_id,
        status=data.status,
        sex=data.sex,
        race_none=data.race_none,
        case_manager_id=data.case_manager_id,
        referred_by_id=data.referred_by_id,
        referred_at=data.referred_at or timezone.now(),
    )
    for flag in data.race_flags:
        setattr(person, flag, True)
    # The key store is a separate database: the key is written first, so a failure
    # below leaves at worst an unused key, never a person whose data cannot be read.
    dek = vault.create_data_key(person.public_id)
    for column in ("legal_name", "aliases", "date_of_birth", "phone", "email", "address"):
        vault.set_person_field(person, dek, column, getattr(data, column))
    person.name_dob_index = vault.name_dob_index(data.legal_name, data.date_of_birth)
    with transaction.atomic():
        person.save(force_insert=True)
        for system, value in data.identifiers.items():
            identifier = ExternalIdentifier(person=person, system=system)
            vault.seal_identifier(identifier, dek, value)
            identifier.save(force_insert=True)
        reindex_person(
            person,
            legal_name=data.legal_name,
            preferred_name="",  # NewPerson has no preferred name yet (the identity pages add it)
            aliases=data.aliases,
            date_of_birth=data.date_of_birth,
        )
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=[FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.DEMOGRAPHICS],
        )
    return person


def check_add_note(
    person: Person,
    group: str,
    text: str,
    *,
    acting: Actor,
    writable: frozenset[str],
) -> Note:
    errors: dict[str, str] = {}
    if group not in writable or group not in {g.value for g in FieldGroup}:
        errors["field_group"] = "You cannot write notes of this kind."
    if not text.strip():
        errors["text"] = "Write the note before saving."
    elif len(text) > NOTE_MAX_CHARS:
        errors["text"] = f"Keep a note under {NOTE_MAX_CHARS} characters."
    if errors:
        raise ValidationError(errors)
    return do_add_note(person, group, text.strip(), acting=acting)


def do_add_note(person: Person, group: str, text: str, *, acting: Actor) -> Note:
    """The note's author is the acting account (None when the system writes it)."""
    note = Note(person=person, field_group=group, author=acting.user)
    return seal_and_record(
        acting,
        note,
        person=person,
        action=AuditAction.CREATE,
        groups=[group],
        texts={"body": text},
        note=note.public_id,
    )


@dataclass
class ConsentWay:
    """How the participant gave consent (42 CFR 2.31(a)(8)-(9)): the method, the day they
    signed, and the proof: a drawn signature (PNG data URL), the paper form's reference,
    or the staff witness of a verbal yes. Empty for releases recorded before issue 11."""

    method: str = ""
    signed_on: dt.date | None = None
    signature: str = ""
    paper_reference: str = ""
    witness_id: int | None = None
    provider_ref: str = ""


def do_record_consent(
    person: Person,
    *,
    acting: Actor,
    field_groups: list[str],
    starts_on: dt.date,
    expires_on: dt.date | None,
    organization_id: int | None = None,
    role: str = "",
    purpose: str = "",
    way: ConsentWay | None = None,
) -> ConsentRelease:
    """The release and its audit event; the signature and paper reference are sealed."""
    way = way or ConsentWay()
    consent = ConsentRelease(
        person=person,
        recipient_organization_id=organization_id,
        recipient_role=role,
        field_groups=sorted(field_groups),
        starts_on=starts_on,
        expires_on=expires_on,
        purpose=purpose,
        created_by=acting.user,
        method=way.method,
        signed_on=way.signed_on,
        witness_id=way.witness_id,
        provider_ref=way.provider_ref,
    )
    texts = {"signature": way.signature, "paper_reference": way.paper_reference}
    return seal_and_record(
        acting,
        consent,
        person=person,
        action=AuditAction.CREATE,
        groups=[FieldGroup.LEGAL],
        texts={name: text for name, text in texts.items() if text},
        consent=consent.public_id,
        groups_released=consent.field_groups,
        method=way.method,
    )


def do_revoke_consent(
    consent: ConsentRelease,
    *,
    acting: Actor,
    reason: str = "",
    revoked_on: dt.date | None = None,
) -> ConsentRelease:
    """Revocation takes effect at once: the next read by that recipient no longer sees the groups.

    The reason is sealed under the person's data key; revoking twice changes nothing."""
    person = consent.person
    if consent.revoked_at is not None:
        record(
            acting,
            person,
            AuditAction.UPDATE,
            [FieldGroup.LEGAL],
            consent_revoked=consent.public_id,
        )
        return consent
    consent.revoked_at = timezone.now()
    consent.revoked_on = revoked_on or timezone.localdate()
    consent.revoked_by = acting.user
    return seal_and_record(
        acting,
        consent,
        person=person,
        action=AuditAction.UPDATE,
        groups=[FieldGroup.LEGAL],
        texts={"revoke_reason": reason} if reason else {},
        update_fields=["revoked_at", "revoked_on", "revoked_by"],
        consent_revoked=consent.public_id,
    )


def do_delete_person(person: Person, *, acting: Actor, reason: str) -> None:
    """Crypto-shred: destroy the data key first, so even old backups no longer decrypt."""
    ref = person.public_id
    vault.destroy_data_key(ref)
    with transaction.atomic():
        person.delete()
        acting.audit(
            action=AuditAction.DELETE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=ref,
            purpose=reason,
            groups=[g.value for g in FieldGroup],
        )
