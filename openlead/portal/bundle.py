"""Everything the portal holds about a participant, as plain data for the download.

Built from the same queries as the pages, under the same rule: notes only in the groups
the program shows on the portal (portal.access.note_groups).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.roles import FieldGroup
from openlead.casework.queries.consents import ACCOUNTING_COLUMNS, accounting
from openlead.people import vault
from openlead.people.models import PERSON_FIELD_LABELS, Person
from openlead.portal import queries
from openlead.portal.access import BASE_GROUPS, note_groups

G = FieldGroup
OWN_FIELDS = (
    "legal_name",
    "preferred_name",
    "aliases",
    "date_of_birth",
    "phone",
    "email",
    "address",
)


def exported_groups(person: Person) -> list[str]:
    return sorted({*BASE_GROUPS, G.IDENTITY, G.CONTACT, *note_groups(person)})


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z") if value else ""


def _about_you(person: Person, dek: bytes) -> dict[str, str]:
    return {str(PERSON_FIELD_LABELS[f]): vault.get_person_field(person, dek, f) for f in OWN_FIELDS}


def _releases(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "to": r.recipient,
            "shares": [meaning or label for label, meaning in r.shares],
            "state": r.state,
            "until": str(r.until or ""),
        }
        for r in queries.releases(person)
    ]


def bundle_of(actor: Actor, person: Person) -> dict[str, Any]:
    dek = vault.data_key(person.public_id)
    groups = note_groups(person)
    manager = queries.case_manager(person)
    return {
        "about_you": _about_you(person, dek),
        "status": queries.status_words(person),
        "case_manager": {"name": manager.name, "phone": manager.phone} if manager else {},
        "goals": queries.goals(person, dek),
        "appointments": [
            {**a, "at": _when(a["at"])}
            for a in queries.appointments(person, dek, with_notes=G.CASEWORK_NOTES in groups)
        ],
        "court_dates": [{**d, "at": _when(d["at"])} for d in queries.court_dates(person)],
        "releases": _releases(person),
        "notes": [{**n, "at": _when(n["at"])} for n in queries.notes(person, dek, groups)],
        "correction_requests": [
            {"at": _when(c["at"]), "text": c["text"], "done": _when(c["done"])}
            for c in queries.corrections(person, dek)
        ],
        "who_read": [
            {
                "day": str(line.day),
                "who": line.who,
                "role": line.role,
                "organization": line.organization,
                "times": line.times,
            }
            for line in queries.who_read(person, actor.user.pk)
        ],
        "disclosures": [
            dict(zip(ACCOUNTING_COLUMNS, row, strict=False))
            for row in accounting(actor, person, export=True)
        ],
    }
