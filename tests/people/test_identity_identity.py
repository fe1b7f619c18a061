"""The identity form: names, aliases, date of birth and its HMIS 3.03 quality."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from openlead.people import vault
from openlead.people.models import Person
from tests.conftest import World, program_today
from tests.people.helpers import identity_post, stored, update_events, url

pytestmark = pytest.mark.django_db(databases="__all__")

EDIT = "person_identity_edit"


def test_it_sends_anonymous_visitors_to_log_in(world: World, client: Any) -> None:
    assert client.post(url(world, EDIT), identity_post()).status_code == 302
    assert stored(world, "own", "legal_name").startswith("CANARY-")


@pytest.mark.parametrize(("username", "key"), [("alice", "same"), ("carol", "own")])
def test_it_answers_404_outside_the_caseload_or_program(
    world: World, client: Any, username: str, key: str
) -> None:
    client.force_login(world.users[username])
    assert client.post(url(world, EDIT, key), identity_post()).status_code == 404
    assert stored(world, key, "legal_name").startswith("CANARY-")


@pytest.mark.parametrize("username", ["dave", "erin", "frank", "otto"])
def test_it_refuses_roles_that_may_not_write_identity(
    world: World, client: Any, username: str
) -> None:
    client.force_login(world.users[username])
    assert client.post(url(world, EDIT), identity_post()).status_code == 403
    assert stored(world, "own", "legal_name").startswith("CANARY-")


def test_it_saves_the_identity_and_says_so(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    response = client.post(url(world, EDIT), identity_post(), follow=True)
    assert response.redirect_chain[-1][0].endswith("#identity")
    page = response.content.decode()
    assert "Legal name, preferred name, aliases and date of birth saved." in page
    assert "Rowan Example" in page and "2 March 1985" in page and "Red, Ro-Ro" in page
    assert stored(world, "own", "aliases") == "Red\nRo-Ro"
    assert stored(world, "own", "date_of_birth") == "1985-03-02"
    person = Person.objects.get(pk=world.people["own"].pk)
    assert person.dob_data_quality == 1
    assert person.name_dob_index == vault.name_dob_index("Rowan Example", "1985-03-02")


def test_it_finds_the_person_by_the_new_name_and_date_of_birth(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    client.post(url(world, EDIT), identity_post())
    found = client.post(
        "/people/", {"legal_name": "rowan  example", "date_of_birth": "1985-03-02"}
    ).content.decode()
    assert world.people["own"].public_id in found


def test_it_writes_only_the_fields_that_were_changed_on_the_page(world: World, client: Any) -> None:
    """Someone else changed the legal name after this form was opened: a save of the
    date of birth alone does not put the old name back."""
    client.force_login(world.users["alice"])
    old_name = stored(world, "own", "legal_name")
    first = identity_post(legal_name="Someone Else's Change")
    assert client.post(url(world, EDIT), first).status_code == 302
    mine = identity_post(legal_name=old_name, date_of_birth="1986-04-05")
    mine.update({f"initial-{k}": v for k, v in identity_post(legal_name=old_name).items()})
    response = client.post(url(world, EDIT), mine, follow=True)
    assert "Date of birth saved." in response.content.decode()
    assert stored(world, "own", "legal_name") == "Someone Else's Change"
    assert stored(world, "own", "date_of_birth") == "1986-04-05"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"date_of_birth": "1899-12-31"}, "date_of_birth", "over 120"),
        ({"date_of_birth": "not a date"}, "date_of_birth", "Enter a valid date"),
        ({"legal_name": "x" * 151}, "legal_name", "at most 150 characters"),
        ({"preferred_name": "x" * 151}, "preferred_name", "at most 150 characters"),
        ({"aliases": "\n".join(f"a{i}" for i in range(11))}, "aliases", "at most 10 aliases"),
        ({"aliases": "y" * 151}, "aliases", "each alias under 150"),
        ({"dob_data_quality": "7"}, "dob_data_quality", "Select a valid choice"),
        ({"dob_data_quality": ""}, "dob_data_quality", "This field is required"),
        ({"date_of_birth": "", "dob_data_quality": "1"}, "dob_data_quality", "choose why"),
        (
            {"dob_data_quality": "8", "initial-dob_data_quality": "1"},
            "dob_data_quality",
            "choose full or approximate",
        ),
    ],
)
def test_it_shows_each_problem_beside_its_field_and_in_the_summary(
    world: World, client: Any, overrides: dict[str, str], field: str, message: str
) -> None:
    client.force_login(world.users["alice"])
    before = len(update_events(world.people["own"]))
    response = client.post(url(world, EDIT), identity_post(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page and message in page
    assert 'class="error-summary"' in page and f'href="#id_{field}' in page
    assert stored(world, "own", "legal_name").startswith("CANARY-")
    assert len(update_events(world.people["own"])) == before


def test_it_refuses_a_date_of_birth_under_the_programs_minimum_age(
    world: World, client: Any
) -> None:
    program = world.programs["demo"]
    today = program_today(program)
    young = dt.date(today.year - program.minimum_age + 1, 1, 1)
    client.force_login(world.users["alice"])
    response = client.post(url(world, EDIT), identity_post(date_of_birth=young.isoformat()))
    assert response.status_code == 400
    assert f"aged {program.minimum_age} or over" in response.content.decode()


@pytest.mark.parametrize(
    ("code", "label"), [(8, "Client doesn&#x27;t know"), (9, "Client prefers not to answer")]
)
def test_it_keeps_doesnt_know_and_prefers_not_as_answers_for_the_date_of_birth(
    world: World, client: Any, code: int, label: str
) -> None:
    client.force_login(world.users["alice"])
    assert client.post(url(world, EDIT), identity_post()).status_code == 302
    # As the browser sends it: the date the page started from rides along, hidden.
    data = identity_post(date_of_birth="", dob_data_quality=str(code))
    data.update({"initial-date_of_birth": "1985-03-02", "initial-dob_data_quality": "1"})
    response = client.post(url(world, EDIT), data, follow=True)
    assert response.status_code == 200
    assert Person.objects.get(pk=world.people["own"].pk).dob_data_quality == code
    assert stored(world, "own", "date_of_birth") == ""
    assert label in response.content.decode()


def test_it_takes_a_typed_date_as_reported_when_the_quality_was_not_touched(
    world: World, client: Any
) -> None:
    client.force_login(world.users["alice"])
    data = identity_post(dob_data_quality="99", **{"initial-dob_data_quality": "99"})
    assert client.post(url(world, EDIT), data).status_code == 302
    assert Person.objects.get(pk=world.people["own"].pk).dob_data_quality == 1


def test_it_writes_one_audit_event_naming_the_fields_never_the_values(
    world: World, client: Any
) -> None:
    client.force_login(world.users["alice"])
    before = len(update_events(world.people["own"]))
    client.post(url(world, EDIT), identity_post())
    events = update_events(world.people["own"])
    assert len(events) == before + 1
    event = events[-1]
    assert event.field_groups == ["identity"] and event.actor_username == "alice"
    assert set(event.detail["fields"]) >= {"legal_name", "date_of_birth"}
    assert "Rowan" not in str(event.__dict__) and "1985" not in str(event.__dict__)


def test_it_writes_no_event_and_says_so_when_nothing_changed(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    client.post(url(world, EDIT), identity_post())
    before = len(update_events(world.people["own"]))
    response = client.post(url(world, EDIT), identity_post(), follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert len(update_events(world.people["own"])) == before
