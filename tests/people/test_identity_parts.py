"""The contact, demographics and identifiers forms."""

from __future__ import annotations

import re
from typing import Any

import pytest

from openlead.access.acting import Actor
from openlead.people import identity_actions, vault
from openlead.people.models import ExternalIdentifier, Person
from tests.conftest import World
from tests.people.helpers import stored, update_events, url

pytestmark = pytest.mark.django_db(databases="__all__")


def _person(world: World, key: str = "own") -> Person:
    return Person.objects.get(pk=world.people[key].pk)


def test_it_refuses_demographics_to_outreach_and_police(world: World, client: Any) -> None:
    for username in ("otto", "dave"):
        client.force_login(world.users[username])
        data = {"race": ["asian"], "sex": "0"}
        assert client.post(url(world, "person_demographics_edit"), data).status_code == 403
    assert not _person(world).asian


def test_it_saves_contact_with_how_to_reach_them(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    data = {
        "phone": "+1 (206) 555-0142 ext 3",
        "email": "rowan@example.org",
        "address": "Under the 4th Ave bridge",
        "contact_notes": "Mornings at the day centre",
    }
    response = client.post(url(world, "person_contact_edit"), data, follow=True)
    page = response.content.decode()
    assert "Phone, email, address and how to reach them saved." in page
    assert "Mornings at the day centre" in page
    assert stored(world, "own", "contact_notes") == "Mornings at the day centre"
    assert update_events(world.people["own"])[-1].field_groups == ["contact"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"phone": "call me <script>"}, "phone"),
        ({"phone": "1" * 41}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"address": "a" * 301}, "address"),
        ({"contact_notes": "n" * 1001}, "contact_notes"),
    ],
)
def test_it_shows_contact_problems_beside_the_field(
    world: World, client: Any, data: dict[str, str], field: str
) -> None:
    client.force_login(world.users["alice"])
    response = client.post(url(world, "person_contact_edit"), data)
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()
    assert stored(world, "own", "phone").startswith("CANARY-")


def test_it_saves_several_races_and_the_sex(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    data = {"race": ["black_af_american", "hispanic_latinao"], "race_none": "9", "sex": "0"}
    response = client.post(url(world, "person_demographics_edit"), data, follow=True)
    page = response.content.decode()
    assert "Race and ethnicity, why no race or ethnicity is recorded" not in page
    assert "Race and ethnicity and sex saved." in page
    assert "Black, African American, or African, Hispanic/Latina/e/o" in page
    person = _person(world)
    assert person.black_af_american and person.hispanic_latinao and not person.white
    assert person.race_none is None  # HMIS RaceNone only when no race is ticked
    assert person.sex == 0


@pytest.mark.parametrize(("code", "label"), [(8, "doesn&#x27;t know"), (9, "prefers not")])
def test_it_records_no_race_with_the_reason(
    world: World, client: Any, code: int, label: str
) -> None:
    client.force_login(world.users["alice"])
    data = {"race_none": str(code), "sex": str(code)}
    page = client.post(url(world, "person_demographics_edit"), data, follow=True)
    assert _person(world).race_none == code and _person(world).sex == code
    assert label in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"sex": "0"}, "race"),  # neither a race nor a reason
        ({"race": ["martian"], "sex": "0"}, "race"),
        ({"race": ["white"], "sex": "5"}, "sex"),
        ({"race": ["white"]}, "sex"),
        ({"race_none": "1", "sex": "1"}, "race_none"),
    ],
)
def test_it_shows_demographics_problems_beside_the_field(
    world: World, client: Any, data: dict[str, Any], field: str
) -> None:
    client.force_login(world.users["alice"])
    response = client.post(url(world, "person_demographics_edit"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page and f'href="#id_{field}"' in page


def test_it_asks_sex_and_not_the_retired_gender_question(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    page = client.get(url(world, "person_demographics_edit")).content.decode()
    assert "Sex" in page and "Client prefers not to answer" in page
    assert "Gender" not in page and "Non-binary" not in page


def test_it_adds_changes_and_removes_identifiers_by_their_blind_index(
    world: World, client: Any
) -> None:
    client.force_login(world.users["alice"])
    edit = url(world, "person_identifiers_edit")
    old = ExternalIdentifier.objects.get(person=world.people["own"])
    state_id = vault.open_identifier(old, vault.data_key(world.people["own"].public_id))
    data = {"state_id": "WA-123", "initial-state_id": state_id, "booking_number": "B-77"}
    response = client.post(edit, data, follow=True)
    page = response.content.decode()
    assert "State ID and booking number saved." in page
    assert "State ID: WA-123" in page and "Booking number: B-77" in page and "state_id" not in page
    rows = {i.system: i for i in ExternalIdentifier.objects.filter(person=world.people["own"])}
    assert rows["state_id"].pk == old.pk
    assert rows["state_id"].blind_index == vault.identifier_index("state_id", "WA-123")
    assert b"WA-123" not in bytes(rows["state_id"].value)
    removed = client.post(edit, {"booking_number": "", "initial-booking_number": "B-77"})
    assert removed.status_code == 302
    assert set(
        ExternalIdentifier.objects.filter(person=world.people["own"]).values_list(
            "system", flat=True
        )
    ) == {"state_id"}


def test_it_refuses_an_identifier_too_long_or_of_an_unknown_kind(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    response = client.post(url(world, "person_identifiers_edit"), {"hmis": "h" * 65})
    assert response.status_code == 400 and 'id="id_hmis-error"' in response.content.decode()
    # An unknown kind is not a field of the form: ignored, nothing written.
    client.post(url(world, "person_identifiers_edit"), {"passport": "P1"})
    assert not ExternalIdentifier.objects.filter(system="passport").exists()
    acting = Actor.of(world.users["alice"])
    with pytest.raises(identity_actions.ValidationError):
        identity_actions.check_set_identifiers(
            world.people["own"], {"passport": "P1"}, acting=acting
        )


def test_it_saves_the_sex_alone_where_no_race_was_ever_recorded(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    page = client.get(url(world, "person_demographics_edit")).content.decode()
    assert re.search(r'name="race_none" value="99"[^>]*checked', page)
    data = {"race_none": "99", "initial-race_none": "99", "sex": "0", "initial-sex": "99"}
    response = client.post(url(world, "person_demographics_edit"), data, follow=True)
    assert "Sex saved." in response.content.decode()
    assert _person(world).sex == 0
