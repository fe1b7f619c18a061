"""The note channel between the defense and the care team (openlead.legal.defense.actions):
refusals first (no relation, wrong role, no release, bad text), then the note, sealed,
audited, and read only by its audience."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openlead.access.models import AuditEvent
from openlead.legal.defense.actions import NOTE_MAX_CHARS, check_write_defense_note
from openlead.legal.defense.queries import thread_for
from openlead.legal.models import DefenseNote
from tests.conftest import World
from tests.legal.defense_helpers import acting, frank_case

pytestmark = pytest.mark.django_db(databases="__all__")
TEXT = "The hearing moved to Tuesday; can you remind them?"


def test_it_refuses_a_defender_with_no_relation_to_the_person(world: World) -> None:
    with pytest.raises(PermissionDenied):
        check_write_defense_note(world.people["same"], TEXT, acting=acting(world, "frank"))
    assert not DefenseNote.objects.exists()
    refusal = AuditEvent.objects.filter(purpose="defense note").get()
    assert refusal.outcome == "denied" and refusal.actor_username == "frank"


@pytest.mark.parametrize("username", ["erin", "dave", "otto", "gina", "hank"])
def test_it_refuses_every_role_outside_the_channel(world: World, username: str) -> None:
    # erin and dave see "own" under a release that covers legal coordination: still no.
    with pytest.raises(PermissionDenied):
        check_write_defense_note(world.people["own"], TEXT, acting=acting(world, username))
    assert not DefenseNote.objects.exists()


def test_it_refuses_assigned_counsel_whose_client_released_nothing_to_the_office(
    world: World,
) -> None:
    frank_case(world, "revoked")  # counsel on the case; the release was revoked
    with pytest.raises(PermissionDenied):
        check_write_defense_note(world.people["revoked"], TEXT, acting=acting(world, "frank"))


def test_it_refuses_the_care_team_where_no_release_names_a_defender(world: World) -> None:
    with pytest.raises(PermissionDenied):
        check_write_defense_note(world.people["same"], TEXT, acting=acting(world, "bob"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "Write the note."), ("   \n ", "Write the note."), ("x" * (NOTE_MAX_CHARS + 1), "2,000")],
)
def test_it_refuses_empty_or_too_long_text(world: World, text: str, problem: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_write_defense_note(world.people["own"], text, acting=acting(world, "frank"))
    assert problem in refused.value.message_dict["text"][0]
    assert not DefenseNote.objects.exists()


def test_it_seals_and_audits_the_defenders_note(world: World) -> None:
    note = check_write_defense_note(world.people["own"], TEXT, acting=acting(world, "frank"))
    stored = DefenseNote.objects.get(pk=note.pk)
    assert TEXT.encode() not in bytes(stored.sealed_text)
    assert stored.author == world.users["frank"] and stored.author_role == "defender"
    event = AuditEvent.objects.filter(purpose="defense note", action="create").get()
    assert event.person_ref == world.people["own"].public_id
    assert event.field_groups == ["legal"] and event.detail["note"] == note.public_id


def test_it_lets_the_case_manager_read_and_reply(world: World) -> None:
    own = world.people["own"]
    check_write_defense_note(own, TEXT, acting=acting(world, "frank"))
    assert [n.text for n in thread_for(acting(world, "alice"), own)] == [TEXT]
    check_write_defense_note(own, "Done, they know.", acting=acting(world, "alice"))
    thread = thread_for(acting(world, "frank"), own)
    assert [(n.side, n.text) for n in thread] == [
        ("Care team", "Done, they know."),
        ("Defense", TEXT),
    ]


@pytest.mark.parametrize("username", ["erin", "dave", "otto", "gina", "carol"])
def test_it_never_shows_the_notes_to_anyone_else(world: World, username: str) -> None:
    check_write_defense_note(world.people["own"], TEXT, acting=acting(world, "frank"))
    assert thread_for(acting(world, username), world.people["own"]) == []
