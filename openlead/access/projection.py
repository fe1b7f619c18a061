"""A person projected down to the field groups one actor may see.

Only the access layer builds these (`get_person_for`, the people lists): the projection
is where the policy meets the stored record, so it lives beside the policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from openlead.access.models import SafetyFlag
from openlead.access.roles import FieldGroup as G
from openlead.people import vault
from openlead.people.models import (
    RACE_FLAGS,
    ConsentRelease,
    DobDataQuality,
    Person,
    identifier_label,
    person_field_label,
)


@dataclass
class PersonRecord:
    """A person projected down to what one actor may see."""

    person: Person
    groups: frozenset[G]
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The stored values behind the identity, contact and demographics cards, for the
    # edit forms' starting values (only for the groups in `groups`).
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The person record's change history (issue 11): None when the actor keeps no part
    # of the record (see _history).
    history: list[dict[str, Any]] | None = None
    notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    consents: list[ConsentRelease] = field(default_factory=list)
    # The active safety flag, for the care team's badge only (None for everyone else).
    safety_flag: SafetyFlag | None = None

    @property
    def public_id(self) -> str:
        return self.person.public_id

    @property
    def display_name(self) -> str:
        identity = self.fields.get(G.IDENTITY, {})
        name = identity.get("Legal name") or identity.get("Preferred name")
        if not name:  # a self-referrer's first name or nickname is kept as an alias
            aliases = str(identity.get("Aliases") or "")
            name = next(
                (a.strip() for a in aliases.replace(",", "\n").splitlines() if a.strip()), ""
            )
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


def _text(person: Person, dek: bytes, column: str) -> str:
    return vault.get_person_field(person, dek, column)


def _dob_text(iso: str, quality: int | None) -> str:
    """'2 March 1985', with the HMIS 3.03 quality when it is not a full date; a stored
    value that is not a date (an old import) is shown as it is."""
    quality_text = DobDataQuality(quality).label if quality is not None else ""
    if not iso:
        return str(quality_text)
    try:
        text = f"{dt.date.fromisoformat(iso):%-d %B %Y}"
    except ValueError:
        text = iso
    return f"{text} ({quality_text})" if quality == DobDataQuality.APPROXIMATE else text


def _identity(person: Person, dek: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the page shows (labels), and the stored values the edit forms start from."""
    identifiers = {
        i.system: vault.open_identifier(i, dek) for i in person.identifiers.all().order_by("pk")
    }
    values: dict[str, Any] = {
        column: _text(person, dek, column)
        for column in ("legal_name", "preferred_name", "aliases", "date_of_birth")
    }
    values["dob_data_quality"] = person.dob_data_quality
    values["identifiers"] = identifiers
    shown = {
        "Legal name": values["legal_name"],
        "Preferred name": values["preferred_name"],
        "Aliases": ", ".join(a for a in values["aliases"].splitlines() if a.strip()),
        "Date of birth": _dob_text(values["date_of_birth"], person.dob_data_quality),
        "Identifiers": "; ".join(
            f"{identifier_label(system)}: {value}" for system, value in sorted(identifiers.items())
        ),
    }
    return shown, values


CONTACT_LABELS = {
    "phone": "Phone",
    "email": "Email",
    "address": "Address",
    "contact_notes": "How to reach them",
}


def _contact(
    person: Person, dek: bytes, hidden: frozenset[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`hidden`: columns not opened at all (access.safety: a flagged person's places)."""
    values = {c: _text(person, dek, c) for c in CONTACT_LABELS if c not in hidden}
    shown = {label: values[c] for c, label in CONTACT_LABELS.items() if c in values}
    return shown, values


def _demographics(person: Person) -> tuple[dict[str, Any], dict[str, Any]]:
    # HMIS FY2026 retired 3.06 Gender and added 4.21 Sex: the record keeps sex, not gender
    # (docs/person-record.md).
    races = [label for name, label in RACE_FLAGS if getattr(person, name)]
    race_text = (
        ", ".join(races) if races else (person.get_race_none_display() or "Data not collected")
    )
    values = {
        "race": [name for name, _ in RACE_FLAGS if getattr(person, name)],
        "race_none": person.race_none,
        "sex": person.sex,
    }
    return {"Race and ethnicity": race_text, "Sex": person.get_sex_display()}, values


def _cm_contact(person: Person) -> dict[str, Any]:
    manager = person.case_manager
    if manager is None:
        return {"Case manager": "Not yet assigned"}
    return {
        "Case manager": manager.get_full_name() or manager.username,
        "Work phone": manager.work_phone,
    }


RECORD_GROUPS = frozenset({G.IDENTITY, G.CONTACT, G.DEMOGRAPHICS})
HISTORY_LIMIT = 50


def _history(
    person: Person, groups: frozenset[G], dek: bytes, hidden: frozenset[str]
) -> list[dict[str, Any]]:
    """Who changed which field and when; the old and new values only for a group the
    actor reads ("Date of birth changed by alice" is all the others get)."""
    rows = person.changes.select_related("changed_by")[:HISTORY_LIMIT]
    entries = []
    for change in rows:
        if change.field_name in hidden:
            continue  # not even "Address changed": the field is simply not theirs
        shown = G(change.field_group) in groups
        values: Any = {}
        if shown:
            aad = ("people.personchange", change.public_id, "values")
            values = vault.open_json(change.values, dek, aad) or {}
        entries.append(
            {
                "label": person_field_label(change.field_name),
                "by": change.changed_by.username if change.changed_by else "the system",
                "at": change.changed_at,
                "shown": shown,
                "old": values.get("old", ""),
                "new": values.get("new", ""),
            }
        )
    return entries


def project(
    person: Person,
    groups: frozenset[G],
    writes: frozenset[G] = frozenset(),
    *,
    hidden: frozenset[str] = frozenset(),
) -> PersonRecord:
    """`writes` is the actor's write set: the change history is for the roles that keep
    some part of the person record (care team, outreach), never for police, prosecutors,
    defenders, evaluators or system administrators, who write none of it. `hidden` are
    person columns left out (access.safety), from the cards and the history alike."""
    record = PersonRecord(person=person, groups=groups)
    keeps = bool(writes & RECORD_GROUPS)
    needs_key = groups & NEEDS_KEY or (keeps and groups & RECORD_GROUPS)
    dek = vault.data_key(person.public_id) if needs_key else b""
    if G.IDENTITY in groups:
        record.fields[G.IDENTITY], record.values[G.IDENTITY] = _identity(person, dek)
    if G.CONTACT in groups:
        record.fields[G.CONTACT], record.values[G.CONTACT] = _contact(person, dek, hidden)
    if G.DEMOGRAPHICS in groups:
        record.fields[G.DEMOGRAPHICS], record.values[G.DEMOGRAPHICS] = _demographics(person)
    if keeps:
        record.history = _history(person, groups, dek, hidden)
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


def _list_name(person: Person, keys: dict[str, bytes]) -> str:
    dek = keys.get(person.public_id)
    if dek is None:
        # No data key: deleted since the backup this database was restored from. The row
        # stays in the list (it is in the data) but nothing of it can be read.
        return gettext("(unreadable: deleted)")
    return vault.shown_name(person, dek)


def list_rows(people: Iterable[Person], *, show_names: bool) -> list[PersonRow]:
    people = list(people)
    keys = vault.data_keys([p.public_id for p in people]) if show_names else {}
    rows = []
    for person in people:
        name = _list_name(person, keys) if show_names else ""
        manager = person.case_manager.username if person.case_manager else ""
        rows.append(
            PersonRow(
                person.public_id, person.get_status_display(), person.referred_at, name, manager
            )
        )
    return rows
