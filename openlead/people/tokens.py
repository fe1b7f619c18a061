"""The blind-index tokens of a person's names and date of birth, kept in step with them.

Each name part, its nickname's formal name, its one-letter-deleted variants and its sound
key (openlead.linkage.names) become an HMAC token (access.helpers.name_token) in
PersonNameToken; the search and the duplicate finder compare tokens, never names. What the
tokens reveal, and why that is acceptable, is in docs/privacy.md.

`reindex_person` is the one writer: people.actions.do_create_person calls it, and so must
every action that changes a legal name, preferred name, aliases or date of birth, inside
its own transaction (it writes no audit event of its own: the identity change is audited).
"""

from __future__ import annotations

from django.db import transaction

from openlead.access.helpers import name_token
from openlead.linkage import names
from openlead.people.models import Person, PersonNameToken


def person_tokens(
    program_id: int, *, legal_name: str, preferred_name: str, aliases: str, date_of_birth: str
) -> list[tuple[str, str]]:
    """(kind, token) rows for one person: one per distinct value their names yield."""
    keys = names.index_keys(legal_name, preferred_name, aliases)
    keys += names.birth_date_keys(date_of_birth)
    return [(key.kind, name_token(program_id, key.domain, key.value)) for key in keys]


def reindex_person(
    person: Person, *, legal_name: str, preferred_name: str, aliases: str, date_of_birth: str
) -> int:
    """Replace the person's tokens with those of these (plaintext) names; returns the count."""
    rows = [
        PersonNameToken(person=person, kind=kind, token=token)
        for kind, token in person_tokens(
            person.program_id,
            legal_name=legal_name,
            preferred_name=preferred_name,
            aliases=aliases,
            date_of_birth=date_of_birth,
        )
    ]
    with transaction.atomic():
        PersonNameToken.objects.filter(person=person).delete()
        PersonNameToken.objects.bulk_create(rows)
    return len(rows)


TOKEN_FIELDS = frozenset({"legal_name", "preferred_name", "aliases", "date_of_birth"})


def reindex_stored(person: Person, dek: bytes) -> int:
    """Tokens from the names as now stored (after an identity edit, a merge or its undo)."""
    from openlead.people import vault

    opened = {name: vault.get_person_field(person, dek, name) for name in TOKEN_FIELDS}
    return reindex_person(person, **opened)
