"""Security-bar test 4 (issue 12): lists come 25 to a page, and identifier search is a POST
with two identifiers or a legal name plus date of birth, as an indexed equality."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.helpers import LIST_LIMIT
from openlead.access.models import AuditEvent
from openlead.people import vault
from openlead.people.models import ExternalIdentifier, Person
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def make_people(world: World, count: int, **extra: Any) -> list[Person]:
    """`count` more people in the demo program on alice's caseload (fake data only)."""
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.people.actions import NewPerson, do_create_person

    who = audit.Who(None, "fixture", "", None)
    return [
        do_create_person(
            NewPerson(
                program_id=world.programs["demo"].pk,
                legal_name=extra.get("legal_name", f"Test Person {i}"),
                date_of_birth=extra.get("date_of_birth", "1990-01-01"),
                status="active",
                case_manager_id=world.users["alice"].pk,
                identifiers=dict(extra.get("identifiers", {})),
            ),
            acting=Actor.from_who(who),
        )
        for i in range(count)
    ]


def _last(purpose: str) -> AuditEvent:
    event = AuditEvent.objects.filter(purpose=purpose).order_by("-seq").first()
    assert event is not None
    return event


def _listed(page: str) -> list[str]:
    return re.findall(r'href="/people/([^/"]+)/"', page)


# ---- pages of 25 -------------------------------------------------------------------------


def test_it_keeps_one_limit_for_every_list() -> None:
    from openlead.casework import queries
    from openlead.records import views as records_views
    from openlead.referrals import queries as referral_queries

    assert LIST_LIMIT == 25
    assert queries.page_of is referral_queries.page_of is records_views.page_of


def test_it_pages_the_people_list_25_at_a_time_and_audits_only_the_rows_shown(
    world: World, client: Any
) -> None:
    make_people(world, 76)  # 79 in the demo program with own, same and revoked
    client.force_login(world.users["bob"])
    first = client.get(reverse("people_list")).content.decode()
    assert "1-25 of 79" in first and "Next" in first and "Previous" not in first
    assert len(_listed(first)) == 25
    second = client.get(reverse("people_list"), {"page": "2"}).content.decode()
    assert "26-50 of 79" in second and "?page=1" in second and "?page=3" in second
    shown = _listed(second)
    assert len(shown) == 25 and not set(shown) & set(_listed(first))
    assert _last("people list").detail["people"] == shown
    last = client.get(reverse("people_list"), {"page": "4"}).content.decode()
    assert "76-79 of 79" in last and "Next" not in last and len(_listed(last)) == 4


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("0", "76-79 of 79"),
        ("-1", "76-79 of 79"),
        ("x", "1-25 of 79"),
        ("", "1-25 of 79"),
        (str(10**9), "76-79 of 79"),
        ("2.5", "1-25 of 79"),
    ],
)
def test_it_answers_a_bad_page_number_with_the_first_or_last_page(
    world: World, client: Any, raw: str, label: str
) -> None:
    make_people(world, 76)
    client.force_login(world.users["bob"])
    response = client.get(reverse("people_list"), {"page": raw})
    assert response.status_code == 200
    assert label in response.content.decode()


# ---- identifier search ---------------------------------------------------------------------


def _add_identifier(person: Person, system: str, value: str) -> None:
    identifier = ExternalIdentifier(person=person, system=system)
    vault.seal_identifier(identifier, vault.data_key(person.public_id), value)
    identifier.save(force_insert=True)


def test_it_refuses_a_search_to_anonymous_and_to_roles_that_may_not_search(
    world: World, client: Any
) -> None:
    query = {"state_id": "S1", "booking_number": "B1"}
    assert client.post(reverse("people_list"), query).status_code == 302
    for username in ("gina", "dave", "erin", "hank"):
        client.force_login(world.users[username])
        assert client.post(reverse("people_list"), query).status_code == 403
        event = _last("people search")
        assert (event.actor_username, event.action, event.outcome) == (
            username,
            "search",
            "denied",
        )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "name", "Type a name, or give a date of birth or two identifiers"),
        ({"state_id": "S1"}, "state_id", "One identifier alone is not enough"),
        ({"booking_number": "B1"}, "booking_number", "One identifier alone is not enough"),
        ({"name": "T"}, "name", "Type at least 2 letters of the name"),
        ({"name": "Test", "date_of_birth": "soon"}, "date_of_birth", "Enter a valid date"),
    ],
)
def test_it_refuses_fewer_than_two_identifiers_beside_the_fields(
    world: World, client: Any, data: dict[str, str], field: str, message: str
) -> None:
    client.force_login(world.users["bob"])
    before = AuditEvent.objects.count()
    response = client.post(reverse("people_list"), data)
    page = response.content.decode()
    assert response.status_code == 400
    # The error sits right after its own field's input.
    after_field = page.split(f'id="id_{field}"', 1)[1].split("<label", 1)[0]
    assert message in after_field
    assert _listed(page) == []
    assert AuditEvent.objects.count() == before  # nothing was read


def test_it_ignores_identifiers_sent_in_the_query_string(world: World, client: Any) -> None:
    marker = next(c for c in world.canaries if c.startswith("CANARY-own-stateid"))
    client.force_login(world.users["bob"])
    client.get(reverse("people_list"), {"state_id": marker, "system": "state_id", "value": marker})
    event = _last("people list")
    assert (event.action, event.detail["query"]) == ("list", "")
    assert len(event.detail["people"]) == 3  # the plain list, not a search


def test_it_finds_by_two_identifiers_and_audits_the_kind_never_the_values(
    world: World, client: Any
) -> None:
    marker = next(c for c in world.canaries if c.startswith("CANARY-own-stateid"))
    _add_identifier(world.people["own"], "booking_number", "B-77")
    _add_identifier(world.people["same"], "booking_number", "B-77")
    client.force_login(world.users["bob"])
    page = client.post(
        reverse("people_list"), {"state_id": marker, "booking_number": "b 77"}
    ).content.decode()
    assert _listed(page) == [world.people["own"].public_id]
    event = _last("people search")
    assert (event.action, event.outcome) == ("search", "allowed")
    assert event.detail == {
        "people": [world.people["own"].public_id],
        "query": "state_id+booking_number",
    }
    assert marker not in str(event.__dict__) and "B-77" not in str(event.__dict__)


def test_it_finds_by_name_and_date_of_birth_through_the_blind_index(
    world: World, client: Any
) -> None:
    wanted = make_people(world, 1, legal_name="Rosa Test-Parks", date_of_birth="1981-03-04")[0]
    namesake = make_people(world, 1, legal_name="Rosa Test-Parks", date_of_birth="1981-03-05")[0]
    assert wanted.name_dob_index and wanted.name_dob_index != namesake.name_dob_index
    client.force_login(world.users["bob"])
    data = {"name": "  rosa test parks ", "date_of_birth": "1981-03-04"}
    page = client.post(reverse("people_list"), data).content.decode()
    # The name search forgives a wrong birth date too, but ranks the right one first.
    assert _listed(page) == [wanted.public_id, namesake.public_id]
    assert _last("people search").detail["query"] == "name+dob"
    assert "Rosa" not in str(_last("people search").__dict__)


def test_it_searches_only_within_the_actors_scope(world: World, client: Any) -> None:
    other = world.people["other"]  # carol's program
    data = {"name": "Test Person 0", "date_of_birth": "1990-01-01"}
    mine = make_people(world, 1)[0]
    client.force_login(world.users["carol"])
    page = client.post(reverse("people_list"), data).content.decode()
    assert _listed(page) == [] and other.public_id not in page and mine.public_id not in page
    client.force_login(world.users["alice"])
    assert _listed(client.post(reverse("people_list"), data).content.decode()) == [mine.public_id]


def test_it_returns_at_most_25_search_results(world: World, client: Any) -> None:
    # 30 records sharing both identifiers (duplicates awaiting a merge) still give 25.
    make_people(world, 30, identifiers={"state_id": "WA-1", "booking_number": "BK-1"})
    client.force_login(world.users["bob"])
    page = client.post(
        reverse("people_list"), {"state_id": "WA-1", "booking_number": "BK-1"}
    ).content.decode()
    assert len(_listed(page)) == 25
    assert len(_last("people search").detail["people"]) == 25


def test_it_backfills_the_name_and_birth_date_token_for_existing_people(world: World) -> None:
    from django.apps import apps
    from django.db import connection

    person = make_people(world, 1, legal_name="Early Person", date_of_birth="1970-05-06")[0]
    expected = person.name_dob_index
    Person.objects.filter(pk=person.pk).update(name_dob_index="")
    migration = importlib.import_module("openlead.people.migrations.0003_person_name_dob_index")
    editor = type("Editor", (), {"connection": connection})()
    migration.backfill(apps, editor)
    assert Person.objects.get(pk=person.pk).name_dob_index == expected != ""
    assert vault.name_dob_index("early  PERSON", "1970-05-06") == expected
    assert vault.name_dob_index("", "1970-05-06") == vault.name_dob_index("Early Person", "") == ""
