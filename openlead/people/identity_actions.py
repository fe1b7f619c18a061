"""Writes to the person record (issue 11): identity, contact, demographics, identifiers.

Each save locks the person's row, compares what was sent with what is stored now, and
writes only the fields that differ; every changed field gets an append-only PersonChange
row (old and new value encrypted under the person's data key) and the save gets one
audit event naming the changed fields, never their values. Kept apart from
people/actions.py, which holds the older writes (create, notes, consents, delete).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup as G
from openlead.people import tokens, vault
from openlead.people.actions import record
from openlead.people.models import (
    IDENTIFIER_FIELD,
    IDENTIFIER_LABELS,
    RACE_FLAGS,
    DobDataQuality,
    ExternalIdentifier,
    Person,
    PersonChange,
    RaceNone,
    Sex,
    identifier_label,
)

# Encrypted text columns and clear code columns of each part of the record.
TEXT_COLUMNS: dict[G, tuple[str, ...]] = {
    G.IDENTITY: ("legal_name", "preferred_name", "aliases", "date_of_birth"),
    G.CONTACT: ("phone", "email", "address", "contact_notes"),
}
CODE_COLUMNS: dict[G, dict[str, Any]] = {
    G.IDENTITY: {"dob_data_quality": DobDataQuality},
    G.DEMOGRAPHICS: {"sex": Sex, "race_none": RaceNone},
}
RACE = "race"  # the seven HMIS race and ethnicity flags, changed as one answer
RACE_NAMES = [name for name, _ in RACE_FLAGS]
RACE_LABELS = dict(RACE_FLAGS)
IDENTIFIER_MAX = 64
NAME_INDEXED = {"legal_name", "date_of_birth"}


def _kind(group: G, name: str) -> str:
    if name in TEXT_COLUMNS.get(group, ()):
        return "text"
    if name in CODE_COLUMNS.get(group, {}):
        return "code"
    if group == G.DEMOGRAPHICS and name == RACE:
        return "race"
    raise ValueError(f"{name} is not a field of the {group} part of the person record")


def _current(person: Person, dek: bytes, kind: str, name: str) -> Any:
    if kind == "text":
        return vault.get_person_field(person, dek, name)
    if kind == "race":
        return [flag for flag in RACE_NAMES if getattr(person, flag)]
    return getattr(person, name)


def _store(person: Person, dek: bytes, kind: str, name: str, value: Any) -> list[str]:
    """Set the new value on the row; returns the columns to save."""
    if kind == "text":
        vault.set_person_field(person, dek, name, value)
        return [name]
    if kind == "race":
        for flag in RACE_NAMES:
            setattr(person, flag, flag in value)
        return list(RACE_NAMES)
    setattr(person, name, value)
    return [name]


def _normalised(kind: str, value: Any) -> Any:
    if kind == "text":
        return str(value or "").strip()
    if kind == "race":
        return [flag for flag in RACE_NAMES if flag in set(value or ())]
    return None if value in (None, "") else int(value)


def describe(group: G, name: str, value: Any) -> str:
    """The value as a person reads it (labels, not codes), as the history shows it."""
    if name.startswith(IDENTIFIER_FIELD):
        return str(value or "")
    kind = _kind(group, name)
    if kind == "race":
        return ", ".join(RACE_LABELS[flag] for flag in value) or "None ticked"
    if kind == "code":
        return "" if value is None else str(CODE_COLUMNS[group][name](value).label)
    if name == "aliases":
        return ", ".join(line for line in str(value).splitlines() if line.strip())
    if name == "date_of_birth" and value:
        try:
            return f"{dt.date.fromisoformat(value):%-d %B %Y}"
        except ValueError:
            return str(value)
    return str(value)


def _seal_change(
    person: Person, dek: bytes, group: G, name: str, old: str, new: str, *, acting: Actor
) -> PersonChange:
    change = PersonChange(person=person, field_group=group, field_name=name, changed_by=acting.user)
    aad = ("people.personchange", change.public_id, "values")
    change.values = vault.seal_json({"old": old, "new": new}, dek, aad)
    change.save(force_insert=True)
    return change


def _update_part(
    person: Person, group: G, changes: Mapping[str, Any], *, acting: Actor, purpose: str
) -> list[str]:
    """Write the fields of one part that differ from what is stored; returns their names."""
    kinds = {name: _kind(group, name) for name in changes}
    dek = vault.data_key(person.public_id)
    with transaction.atomic():
        # Locked and re-read: the comparison is with what is stored now, not what the
        # form showed, so a field nobody touched is never written back stale.
        locked = Person.objects.select_for_update().get(pk=person.pk)
        changed: list[tuple[str, str, str]] = []
        columns: list[str] = []
        for name, raw in changes.items():
            kind = kinds[name]
            old, new = _current(locked, dek, kind, name), _normalised(kind, raw)
            if old == new:
                continue
            changed.append((name, describe(group, name, old), describe(group, name, new)))
            columns.extend(_store(locked, dek, kind, name, new))
        if not changed:
            return []
        if NAME_INDEXED & {name for name, _, _ in changed}:
            locked.name_dob_index = vault.name_dob_index(
                vault.get_person_field(locked, dek, "legal_name"),
                vault.get_person_field(locked, dek, "date_of_birth"),
            )
            columns.append("name_dob_index")
        locked.save(update_fields=[*dict.fromkeys(columns), "updated_at"])
        if tokens.TOKEN_FIELDS & {name for name, _, _ in changed}:
            tokens.reindex_stored(locked, dek)  # search finds the record by its new name
        for name, old_text, new_text in changed:
            _seal_change(locked, dek, group, name, old_text, new_text, acting=acting)
        names = [name for name, _, _ in changed]
        record(acting, locked, AuditAction.UPDATE, [group], purpose=purpose, fields=names)
    return names


def do_update_identity(person: Person, changes: Mapping[str, Any], *, acting: Actor) -> list[str]:
    """Legal and preferred name, aliases (one a line), date of birth and its HMIS quality."""
    return _update_part(person, G.IDENTITY, changes, acting=acting, purpose="edit identity")


def do_update_contact(person: Person, changes: Mapping[str, Any], *, acting: Actor) -> list[str]:
    """Phone, email, address and how to reach them."""
    return _update_part(person, G.CONTACT, changes, acting=acting, purpose="edit contact")


def do_update_demographics(
    person: Person, changes: Mapping[str, Any], *, acting: Actor
) -> list[str]:
    """Race and ethnicity (HMIS 3.04 flags or RaceNone) and sex (HMIS 4.21)."""
    return _update_part(person, G.DEMOGRAPHICS, changes, acting=acting, purpose="edit demographics")


def check_set_identifiers(person: Person, values: Mapping[str, str], *, acting: Actor) -> list[str]:
    """Identifiers from the fixed list only, each at most IDENTIFIER_MAX characters."""
    errors: dict[str, str] = {}
    for system, value in values.items():
        if system not in IDENTIFIER_LABELS:
            errors[system] = "This kind of identifier cannot be recorded."
        elif len(str(value).strip()) > IDENTIFIER_MAX:
            errors[system] = f"Keep {identifier_label(system)} under {IDENTIFIER_MAX} characters."
    if errors:
        raise ValidationError(errors)
    return do_set_identifiers(person, values, acting=acting)


def _set_one(
    person: Person, dek: bytes, rows: Sequence[ExternalIdentifier], system: str, value: str
) -> None:
    """Add, change or (an empty value) remove the person's identifier of one system."""
    for extra in rows[1:] if value else rows:
        # One identifier per system (its ciphertext is bound to person + system).
        ExternalIdentifier.objects.filter(pk=extra.pk).delete()
    if not value:
        return
    row = rows[0] if rows else ExternalIdentifier(person=person, system=system)
    vault.seal_identifier(row, dek, value)
    if rows:
        row.save(update_fields=["value", "blind_index"])
    else:
        row.save(force_insert=True)


def do_set_identifiers(person: Person, values: Mapping[str, str], *, acting: Actor) -> list[str]:
    """Set each given system's identifier (blind-indexed); "" removes it. Returns the
    changed systems as history field names (identifier:<system>)."""
    dek = vault.data_key(person.public_id)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        names = []
        for system, raw in values.items():
            value = str(raw or "").strip()
            rows = list(locked.identifiers.filter(system=system).order_by("pk"))
            old = vault.open_identifier(rows[0], dek) if rows else ""
            if old == value and len(rows) <= 1:
                continue
            _set_one(locked, dek, rows, system, value)
            name = f"{IDENTIFIER_FIELD}{system}"
            _seal_change(locked, dek, G.IDENTITY, name, old, value, acting=acting)
            names.append(name)
        if names:
            locked.save(update_fields=["updated_at"])
            record(
                acting,
                locked,
                AuditAction.UPDATE,
                [G.IDENTITY],
                purpose="edit identifiers",
                fields=names,
            )
    return names
