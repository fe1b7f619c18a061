"""Merge fixtures: fake people made through the real actions, and every sealed value of a
person's rows opened under their key (to prove a merge re-sealed them all)."""

from __future__ import annotations

from typing import Any

from tests.conftest import World


def fake_person(world: World, name: str, *, program: str = "demo", **extra: Any) -> Any:
    from openlead.access.acting import Actor
    from openlead.people.actions import NewPerson, do_create_person

    data = NewPerson(
        program_id=world.programs[program].pk,
        legal_name=name,
        date_of_birth=extra.pop("date_of_birth", "1980-02-03"),
        phone=extra.pop("phone", "555-0199"),
        **extra,
    )
    return do_create_person(data, acting=Actor.system("fixture"))


def sealed_values(person: Any) -> dict[tuple[str, int, str], str]:
    """(model, pk, column) -> plaintext for every sealed column of every row pointing at
    the person, each opened under the person's own key (raises if one is not)."""
    from openlead.people import merge, vault

    dek = vault.data_key(person.public_id)
    found: dict[tuple[str, int, str], str] = {}
    for link in merge.person_links():
        columns = merge.sealed_columns(link.model)
        manager: Any = link.model._default_manager
        for row in manager.filter(**{link.field: person}):
            label = row._meta.label_lower
            ref = merge._row_ref(row, person) if columns else ""
            for column in columns:
                blob = getattr(row, column)
                if blob:
                    found[(label, row.pk, column)] = vault.open_text(dek, blob, label, ref, column)
    return found


def person_fields(person: Any) -> dict[str, str]:
    from openlead.people import merge, vault
    from openlead.people.models import Person

    fresh = Person.objects.get(pk=person.pk)
    return merge.open_fields(fresh, vault.data_key(fresh.public_id))
