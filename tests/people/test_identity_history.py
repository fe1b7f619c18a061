"""The person record's change history: encrypted, append-only, shown by the projection."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from openlead.access.crypto import DecryptionError
from openlead.access.immutable import ImmutableRowError
from openlead.people import vault
from openlead.people.models import PersonChange
from tests.conftest import World
from tests.people.helpers import identity_post, url
from tests.people.pages import identity_pages, seed_history

pytestmark = pytest.mark.django_db(databases="__all__")


def _page(client: Any, world: World, username: str, key: str = "own") -> str:
    client.force_login(world.users[username])
    return client.get(url(world, "person_detail", key)).content.decode()


def test_it_writes_one_history_row_per_changed_field_with_encrypted_values(
    world: World, client: Any
) -> None:
    client.force_login(world.users["alice"])
    client.post(url(world, "person_identity_edit"), identity_post())
    rows = {c.field_name: c for c in PersonChange.objects.filter(person=world.people["own"])}
    assert set(rows) == {
        "legal_name",
        "preferred_name",
        "aliases",
        "date_of_birth",
        "dob_data_quality",
    }
    change = rows["legal_name"]
    assert change.changed_by == world.users["alice"] and change.field_group == "identity"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_personchange WHERE id = %s", [change.pk])
        raw = repr(cursor.fetchone())
    assert "Rowan" not in raw and "CANARY" not in raw
    dek = vault.data_key(world.people["own"].public_id)
    values = vault.open_json(
        change.values, dek, ("people.personchange", change.public_id, "values")
    )
    assert values == {"old": world.canaries[0], "new": "Rowan Example"}


def test_it_binds_each_history_value_to_its_own_row(world: World) -> None:
    seed_history(world)
    first, second = PersonChange.objects.filter(person=world.people["own"])[:2]
    dek = vault.data_key(world.people["own"].public_id)
    with pytest.raises(DecryptionError):  # another row's ciphertext does not open here
        vault.open_json(first.values, dek, ("people.personchange", second.public_id, "values"))


def test_it_keeps_history_rows_append_only(world: World) -> None:
    seed_history(world)
    change = PersonChange.objects.first()
    assert change is not None
    change.field_name = "phone"
    with pytest.raises(ImmutableRowError):
        change.save()
    with pytest.raises(ImmutableRowError):
        change.delete()


def test_it_shows_who_changed_what_and_the_values_to_the_care_team(
    world: World, client: Any
) -> None:
    client.force_login(world.users["alice"])
    client.post(url(world, "person_identity_edit"), identity_post(), follow=True)
    page = _page(client, world, "bob")
    assert "Changes to this record" in page
    assert "<strong>Date of birth</strong> changed by alice" in page
    assert "2 March 1985" in page


def test_it_shows_outreach_the_values_only_of_groups_it_reads(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    client.post(url(world, "person_demographics_edit"), {"race": ["white"], "sex": "1"})
    client.post(url(world, "person_contact_edit"), {"phone": "555 0199"})
    page = _page(client, world, "otto")
    assert "<strong>Sex</strong> changed by alice" in page
    assert "Male" not in page and "White" not in page  # demographics: names only
    assert "555 0199" in page  # contact: outreach reads it, values shown


@pytest.mark.parametrize("username", ["dave", "erin", "frank", "cora"])
def test_it_hides_the_history_from_roles_that_keep_no_part_of_the_record(
    world: World, client: Any, username: str
) -> None:
    seed_history(world)
    client.force_login(world.users[username])
    page = client.get(url(world, "person_detail", "own")).content.decode()
    assert "Changes to this record" not in page and "changed by" not in page


def test_it_shows_the_seeded_canaries_to_the_case_manager_so_the_scan_can_find_them(
    world: World, client: Any
) -> None:
    identity_pages(world)
    page = _page(client, world, "alice")
    seeded = [c for c in world.canaries if c.startswith("CANARY-own-hist")]
    assert len(seeded) == 3 and all(c in page for c in seeded)


def test_it_shows_edit_links_only_for_the_parts_a_role_may_write(world: World, client: Any) -> None:
    alice = _page(client, world, "alice")
    for name in ("person_identity_edit", "person_contact_edit", "person_demographics_edit"):
        assert reverse(name, args=[world.people["own"].public_id]) in alice
    otto = _page(client, world, "otto")
    assert reverse("person_contact_edit", args=[world.people["own"].public_id]) in otto
    assert reverse("person_identity_edit", args=[world.people["own"].public_id]) not in otto
