"""A person projected down to the field groups one actor may see.

Only the access layer builds these (`get_person_for`, the people lists): the projection
is where the policy meets the stored record, so it lives beside the policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openlead.access.roles import FieldGroup as G
from openlead.people import vault
from openlead.people.models import RACE_FLAGS, ConsentRelease, Person


@dataclass
class PersonRecord:
    """A person projected down to what one actor may see."""

    person: Person
    groups: frozenset[G]
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    consents: list[ConsentRelease] = field(default_factory=list)

    @property
    def public_id(self) -> str:
        return self.person.public_id

    @property
    def display_name(self) -> str:
        name = self.fields.get(G.IDENTITY, {}).get("Legal name")
        return str(name) if name else f"Referral {self.person.public_id}"

    def can(self, group: str) -> bool:
        return G(group) in self.groups


@dataclass
class PersonRow:
    public_id: str
    status: str
    referred_at: dt.datetime
    name: str = ""
    case_manager: str = ""


NOTE_GROUPS = (G.REFERRAL, G.CASEWORK_NOTES, G.HEALTH, G.LEGAL, G.FUNDS, G.SAFETY)
NEEDS_KEY = {G.IDENTITY, G.CONTACT, *NOTE_GROUPS}


def _identity(person: Person, dek: bytes) -> dict[str, Any]:
    identifiers = [
        f"{i.system}: {vault.open_identifier(i, dek)}"
        for i in person.identifiers.all().order_by("system")
    ]
    return {
        "Legal name": vault.get_person_field(person, dek, "legal_name"),
        "Aliases": vault.get_person_field(person, dek, "aliases"),
        "Date of birth": vault.get_person_field(person, dek, "date_of_birth"),
        "Identifiers": ", ".join(identifiers),
    }


def _contact(person: Person, dek: bytes) -> dict[str, Any]:
    return {
        "Phone": vault.get_person_field(person, dek, "phone"),
        "Email": vault.get_person_field(person, dek, "email"),
        "Address": vault.get_person_field(person, dek, "address"),
    }


def _demographics(person: Person) -> dict[str, Any]:
    races = [label for name, label in RACE_FLAGS if getattr(person, name)]
    race_text = (
        ", ".join(races) if races else (person.get_race_none_display() or "Data not collected")
    )
    return {"Race and ethnicity": race_text, "Sex": person.get_sex_display()}


def _cm_contact(person: Person) -> dict[str, Any]:
    manager = person.case_manager
    if manager is None:
        return {"Case manager": "Not yet assigned"}
    return {
        "Case manager": manager.get_full_name() or manager.username,
        "Work phone": manager.work_phone,
    }


def project(person: Person, groups: frozenset[G]) -> PersonRecord:
    record = PersonRecord(person=person, groups=groups)
    dek = vault.data_key(person.public_id) if groups & NEEDS_KEY else b""
    if G.IDENTITY in groups:
        record.fields[G.IDENTITY] = _identity(person, dek)
    if G.CONTACT in groups:
        record.fields[G.CONTACT] = _contact(person, dek)
    if G.DEMOGRAPHICS in groups:
        record.fields[G.DEMOGRAPHICS] = _demographics(person)
    if G.ENROLLMENT_STATUS in groups:
        record.fields[G.ENROLLMENT_STATUS] = {"Status": person.get_status_display()}
    if G.CM_CONTACT in groups:
        record.fields[G.CM_CONTACT] = _cm_contact(person)
    wanted = [g.value for g in NOTE_GROUPS if g in groups]
    for note in person.notes.filter(field_group__in=wanted).select_related("author"):
        record.notes.setdefault(note.field_group, []).append(
            {
                "at": note.created_at,
                "author": note.author.username if note.author else "",
                "text": vault.open_note(note, dek),
            }
        )
    if G.CASEWORK_NOTES in groups:
        record.consents = list(
            person.consents.select_related("recipient_organization").order_by("-starts_on")
        )
    return record


def list_rows(people: Iterable[Person], *, show_names: bool) -> list[PersonRow]:
    people = list(people)
    keys = vault.data_keys([p.public_id for p in people]) if show_names else {}
    rows = []
    for person in people:
        name = (
            vault.get_person_field(person, keys[person.public_id], "legal_name")
            if show_names
            else ""
        )
        manager = person.case_manager.username if person.case_manager else ""
        rows.append(
            PersonRow(
                person.public_id, person.get_status_display(), person.referred_at, name, manager
            )
        )
    return rows
