"""Per-person data keys and the encrypted fields that use them.

Only `openlead.access.helpers` and the `actions` modules call these; views never do.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from openlead.access import crypto, keycache
from openlead.access.models import PersonKey
from openlead.people.models import ExternalIdentifier, Note, Person


@lru_cache(maxsize=1)
def keyring() -> crypto.KeyRing:
    return crypto.KeyRing(current_id=settings.OPENLEAD_KEK_ID, keks=dict(settings.OPENLEAD_KEKS))


def create_data_key(person_ref: str) -> bytes:
    dek = crypto.new_data_key()
    kek_id, wrapped = keyring().wrap(dek, person_ref)
    PersonKey.objects.create(person_ref=person_ref, kek_id=kek_id, wrapped=wrapped)
    keycache.keep(person_ref, dek)
    return dek


def data_key(person_ref: str) -> bytes:
    """The person's key: from the request's cache (access.keycache), else the key store."""
    dek = keycache.cached(person_ref)
    if dek is not None:
        return dek
    try:
        row = PersonKey.objects.get(person_ref=person_ref)
    except PersonKey.DoesNotExist:
        raise crypto.DecryptionError(
            "no data key: this person was deleted (crypto-shredded)"
        ) from None
    dek = keyring().unwrap(row.kek_id, bytes(row.wrapped), person_ref)
    keycache.keep(person_ref, dek)
    return dek


def data_keys(person_refs: list[str]) -> dict[str, bytes]:
    """Several people's keys in one query (lists); a shredded person is simply absent."""
    found = {ref: dek for ref in person_refs if (dek := keycache.cached(ref)) is not None}
    missing = [ref for ref in person_refs if ref not in found]
    if missing:
        ring = keyring()
        for row in PersonKey.objects.filter(person_ref__in=missing):
            dek = ring.unwrap(row.kek_id, bytes(row.wrapped), row.person_ref)
            keycache.keep(row.person_ref, dek)
            found[row.person_ref] = dek
    return found


def destroy_data_key(person_ref: str) -> None:
    PersonKey.objects.filter(person_ref=person_ref).delete()
    keycache.forget(person_ref)


def _aad(table: str, row_ref: str, column: str) -> bytes:
    return crypto.field_aad(table, row_ref, column)


def set_person_field(person: Person, dek: bytes, column: str, value: str) -> None:
    blob = (
        crypto.encrypt(dek, value, _aad("people.person", person.public_id, column))
        if value
        else None
    )
    setattr(person, column, blob)


def get_person_field(person: Person, dek: bytes, column: str) -> str:
    blob = getattr(person, column)
    if not blob:
        return ""
    return crypto.decrypt(dek, bytes(blob), _aad("people.person", person.public_id, column))


def seal_note(note: Note, dek: bytes, text: str) -> None:
    note.body = crypto.encrypt(dek, text, _aad("people.note", note.public_id, "body"))


def open_note(note: Note, dek: bytes) -> str:
    return crypto.decrypt(dek, bytes(note.body), _aad("people.note", note.public_id, "body"))


def identifier_index(system: str, value: str) -> str:
    return crypto.blind_index(settings.OPENLEAD_BLIND_INDEX_KEY, system, value)


def name_dob_index(legal_name: str, date_of_birth: str) -> str:
    """Blind index of (normalised full name, date of birth): name + DOB search is one
    indexed equality (access.helpers.search_people_for), never a decrypt of everyone."""
    if not (legal_name.strip() and date_of_birth.strip()):
        return ""
    dob = crypto.normalise_identifier(date_of_birth)
    return crypto.blind_index(settings.OPENLEAD_BLIND_INDEX_KEY, f"name+dob|{dob}", legal_name)


def seal_identifier(identifier: ExternalIdentifier, dek: bytes, value: str) -> None:
    ref = f"{identifier.person.public_id}:{identifier.system}"
    identifier.value = crypto.encrypt(dek, value, _aad("people.externalidentifier", ref, "value"))
    identifier.blind_index = identifier_index(identifier.system, value)


def open_identifier(identifier: ExternalIdentifier, dek: bytes) -> str:
    ref = f"{identifier.person.public_id}:{identifier.system}"
    return crypto.decrypt(
        dek, bytes(identifier.value), _aad("people.externalidentifier", ref, "value")
    )


# Generic sealing for other apps' encrypted columns (casework contacts, goals, assessments).
def seal_text(dek: bytes, text: str, table: str, row_ref: str, column: str) -> bytes:
    return crypto.encrypt(dek, text, _aad(table, row_ref, column))


def open_text(
    dek: bytes, blob: bytes | memoryview | None, table: str, row_ref: str, column: str
) -> str:
    if not blob:
        return ""
    return crypto.decrypt(dek, bytes(blob), _aad(table, row_ref, column))


def seal_json(obj: object, dek: bytes, aad: tuple[str, str, str]) -> bytes:
    import json

    return crypto.encrypt(dek, json.dumps(obj, sort_keys=True), _aad(*aad))


def open_json(blob: bytes | memoryview | None, dek: bytes, aad: tuple[str, str, str]) -> object:
    import json

    if not blob:
        return None
    return json.loads(crypto.decrypt(dek, bytes(blob), _aad(*aad)))


def shown_name(person: Person, dek: bytes) -> str:
    """The name to show: the legal name, else the preferred name, else the first alias (a
    self-referrer gives only a first name or nickname, kept as an alias until intake
    records more; without this they were "Participant" on every casework page)."""
    for column in ("legal_name", "preferred_name"):
        name = get_person_field(person, dek, column)
        if name:
            return name
    aliases = get_person_field(person, dek, "aliases")
    return next((line.strip() for line in aliases.splitlines() if line.strip()), "")
