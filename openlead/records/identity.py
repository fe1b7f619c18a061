"""Decrypted identity tables for linkage, built in memory only (never written to disk)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openlead.people import vault
from openlead.people.models import EnrollmentStatus, ExternalIdentifier, Person
from openlead.records.keys import COMPARISON_TABLE, Sealer, sealer_for
from openlead.records.models import ComparisonPerson, JusticeRecord, comparison_source

if TYPE_CHECKING:
    import pandas as pd

LINKED_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.INACTIVE, EnrollmentStatus.EXITED)
FIELDS = ("first_name", "last_name", "dob", "sex", "state_id", "booking_number")
# Optional fields (records.mapping.EXTRA_IDENTITY): compared only when both sides have them.
EXTRA = ("middle_name", "house_number", "street", "city", "postal_code", "phone", "aliases")
ALL_FIELDS = FIELDS + EXTRA
ID_SYSTEMS = ("state_id", "booking_number")  # the identifiers that take part in linkage
_SEX = {0: "F", 1: "M"}


def split_name(legal_name: str) -> tuple[str, str]:
    """First word and last word (the middle words are the middle name: middle_name)."""
    parts = legal_name.replace(",", " ").split()
    if not parts:
        return "", ""
    return (parts[0], parts[-1]) if len(parts) > 1 else ("", parts[0])


def middle_name(legal_name: str) -> str:
    """The words between the first and the last."""
    parts = legal_name.replace(",", " ").split()
    return " ".join(parts[1:-1])


def person_identity(
    person: Person,
    dek: bytes | None = None,
    identifiers: list[ExternalIdentifier] | None = None,
) -> dict[str, str]:
    """`dek` and `identifiers` let a caller fetch them for many people in one query each."""
    dek = dek or vault.data_key(person.public_id)
    legal_name = vault.get_person_field(person, dek, "legal_name")
    first, last = split_name(legal_name)
    out = {
        "first_name": first,
        "last_name": last,
        "dob": vault.get_person_field(person, dek, "date_of_birth"),
        "sex": _SEX.get(int(person.sex), ""),
        "middle_name": middle_name(legal_name),
        # One free-text address: the linker takes the house number from its start.
        "street": vault.get_person_field(person, dek, "address"),
        "phone": vault.get_person_field(person, dek, "phone"),
        "aliases": vault.get_person_field(person, dek, "aliases"),
    }
    if identifiers is None:
        identifiers = list(ExternalIdentifier.objects.filter(person=person, system__in=ID_SYSTEMS))
    for identifier in identifiers:
        if identifier.system in ID_SYSTEMS:
            out[identifier.system] = vault.open_identifier(identifier, dek)
    return out


def identities(people: list[Person]) -> dict[int, dict[str, str]]:
    """person_identity of each person: their data keys and identifiers in one query each
    (one per person made a 10,000-participant linkage run 20,000 queries)."""
    keys = vault.data_keys([p.public_id for p in people])
    found: dict[int, list[ExternalIdentifier]] = {p.pk: [] for p in people}
    programs = {p.program_id for p in people}
    rows = ExternalIdentifier.objects.filter(person__program_id__in=programs, system__in=ID_SYSTEMS)
    for identifier in rows:
        if identifier.person_id in found:
            found[identifier.person_id].append(identifier)
    # A person without a key in `keys` was shredded: person_identity says so, as before.
    return {p.pk: person_identity(p, keys.get(p.public_id), found[p.pk]) for p in people}


def record_identity(
    record: JusticeRecord, sealers: dict[str, Sealer] | None = None
) -> dict[str, str]:
    sealers = sealers if sealers is not None else {}
    sealer = sealers.get(record.source)
    if sealer is None:
        sealer = sealers[record.source] = sealer_for(record.source)
    opened: dict[str, Any] = sealer.open(record.external_id, record.identity)
    return {k: str(opened.get(k, "")) for k in ALL_FIELDS}


def comparison_identity(
    person: ComparisonPerson, sealers: dict[str, Sealer] | None = None
) -> dict[str, str]:
    sealers = sealers if sealers is not None else {}
    source = comparison_source(person.program_id, person.pool)
    sealer = sealers.get(source)
    if sealer is None:
        sealer = sealers[source] = sealer_for(source, table=COMPARISON_TABLE)
    opened: dict[str, Any] = sealer.open(person.external_id, person.identity)
    return {k: str(opened.get(k, "")) for k in FIELDS}


# Left-hand ids of one linkage run: participants and comparison people side by side,
# told apart by prefix (public ids never contain a colon).
PARTICIPANT_PREFIX = "p:"
COMPARISON_PREFIX = "c:"


def people_frame(
    people: list[Person], comparison: list[ComparisonPerson] | None = None
) -> pd.DataFrame:
    """Participants (id `p:<public id>`) and comparison people (`c:<public id>`)."""

    rows = []
    known = identities(people)
    for person in people:
        ident = known[person.pk]
        rows.append(
            {
                "person_id": PARTICIPANT_PREFIX + person.public_id,
                **{k: ident.get(k, "") for k in ALL_FIELDS},
            }
        )
    sealers: dict[str, Sealer] = {}
    for other in comparison or []:
        ident = comparison_identity(other, sealers)
        rows.append({"person_id": COMPARISON_PREFIX + other.public_id, **ident})
    return _frame(rows, "person_id")


def _frame(rows: list[dict[str, str]], id_column: str) -> pd.DataFrame:
    """Empty strings as missing: the linker treats a field nobody gave as absent."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=[id_column, *ALL_FIELDS], dtype="string")
    return frame.replace("", pd.NA)


def records_frame(records: list[JusticeRecord]) -> pd.DataFrame:

    sealers: dict[str, Sealer] = {}
    rows = [{"record_id": r.public_id, **record_identity(r, sealers)} for r in records]
    return _frame(rows, "record_id")
