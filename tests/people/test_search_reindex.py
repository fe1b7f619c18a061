"""The name tokens follow the record: an identity edit, a merge and its undo reindex the
person, so search finds them by the name they have now and not by the one they had."""

from __future__ import annotations

import pytest

from openlead.access import helpers as h
from openlead.access.acting import Actor
from openlead.people import identity_actions, merge
from openlead.people.models import Person
from tests.conftest import World
from tests.people.test_search_access import make_named, search_as

pytestmark = pytest.mark.django_db(databases="__all__")


def _found(world: World, name: str) -> list[str]:
    return [row.public_id for row in search_as(world, "bob", h.PeopleQuery(name=name))]


def test_it_finds_a_person_by_the_name_an_edit_gave_them(world: World) -> None:
    (person,) = make_named(world, [("Fake Ottoline Brierley", "1981-02-03")])
    assert person.public_id not in _found(world, "Ramona Castellanos")
    identity_actions.do_update_identity(
        person, {"legal_name": "Fake Ramona Castellanos"}, acting=Actor.of(world.users["alice"])
    )
    assert person.public_id in _found(world, "Ramona Castellanos")
    assert person.public_id not in _found(world, "Ottoline Brierley")


def test_it_reindexes_the_survivor_of_a_merge_and_both_after_the_undo(world: World) -> None:
    keep, gone = make_named(
        world, [("Fake Evangeline Marsh", "1975-04-05"), ("Fake Evie Marshe", "1975-04-05")]
    )
    Person.objects.filter(pk=gone.pk).update(status="referred")
    gone.refresh_from_db()
    bob = world.users["bob"]
    membership = bob.memberships.first()
    acting = Actor.of(bob, membership.role, membership.program_id)
    done = merge.check_merge_people(merge.MergePlan(keep, gone, {}), acting=acting)
    assert _found(world, "Evie Marshe")[:1] == [keep.public_id]  # the old name is an alias
    assert gone.public_id not in _found(world, "Evie Marshe")
    merge.check_undo_merge(done, acting=acting)
    assert _found(world, "Evie Marshe")[:1] == [gone.public_id]
    assert _found(world, "Evangeline Marsh")[:1] == [keep.public_id]
