"""Name search (issue 11): who may search, what the audit keeps, what the tokens hold."""

from __future__ import annotations

import hashlib
import importlib
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from django.urls import reverse

from openlead.access import helpers as h
from openlead.access.models import AuditEvent
from openlead.linkage import names
from openlead.people.models import Person, PersonNameToken
from openlead.people.tokens import person_tokens, reindex_person
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

ROSA = "Rosalind Ferreira-Okafor"


def make_named(
    world: World, people: list[tuple[str, str]], *, manager: str = "alice", aliases: str = ""
) -> list[Person]:
    """Fake people in the demo program on `manager`'s caseload, through do_create_person."""
    from openlead.access.acting import Actor
    from openlead.people.actions import NewPerson, do_create_person

    program = world.programs["demo"].pk
    return [
        do_create_person(
            NewPerson(
                program_id=program,
                legal_name=name,
                date_of_birth=born,
                aliases=aliases,
                status="active",
                case_manager_id=world.users[manager].pk,
            ),
            acting=Actor.system("fixture"),
        )
        for name, born in people
    ]


def _request(world: World, username: str | None) -> Any:
    request = RequestFactory().post("/people/")
    request.user = world.users[username] if username else AnonymousUser()
    request.session = {}
    request.request_id = "rid-search"
    return request


def search_as(world: World, username: str, query: h.PeopleQuery) -> list[Any]:
    return h.search_people_for(_request(world, username), query, purpose="people search")[1]


def _last(purpose: str = "people search") -> AuditEvent:
    event = AuditEvent.objects.filter(purpose=purpose).order_by("-seq").first()
    assert event is not None
    return event


def _listed(page: str) -> list[str]:
    return re.findall(r'href="/people/([^/"]+)/"', page)


# ---- refusals first ------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_log_in(world: World, client: Any) -> None:
    assert client.post(reverse("people_list"), {"name": "Rosa"}).status_code == 302


@pytest.mark.parametrize("username", ["dave", "erin", "frank", "gina", "una", "hank", "cora"])
def test_it_refuses_a_name_search_to_roles_outside_the_care_team_and_audits_it(
    world: World, client: Any, username: str
) -> None:
    make_named(world, [(ROSA, "1981-03-04")])
    client.force_login(world.users[username])
    response = client.post(reverse("people_list"), {"name": "Rosalind"})
    assert response.status_code == 403 and "Rosalind" not in response.content.decode()
    event = _last()
    assert (event.actor_username, event.action, event.outcome) == (username, "search", "denied")
    assert "Rosalind" not in str(event.__dict__)


@pytest.mark.parametrize("typed", ["r", " R ", "r.", "1 2 3", "é"])
def test_it_refuses_a_name_of_fewer_than_two_letters_beside_the_field(
    world: World, client: Any, typed: str
) -> None:
    client.force_login(world.users["bob"])
    before = AuditEvent.objects.count()
    response = client.post(reverse("people_list"), {"name": typed})
    page = response.content.decode()
    assert response.status_code == 400
    after_field = page.split('id="id_name"', 1)[1].split("<label", 1)[0]
    assert "Type at least 2 letters of the name." in after_field
    assert 'href="#id_name"' in page  # the summary on top links to the field
    assert _listed(page) == [] and AuditEvent.objects.count() == before  # nothing was read


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x" * 151},
        {"name": "<script>alert(1)</script>"},
        {"date_of_birth": "1850-01-01"},
        {"date_of_birth": "2999-01-01"},
        {"date_of_birth": "not a day"},
        {"state_id": "y" * 65, "hmis": "1"},
    ],
)
def test_it_refuses_out_of_range_values_with_a_field_error_never_a_500(
    world: World, client: Any, data: dict[str, str]
) -> None:
    client.force_login(world.users["otto"])
    response = client.post(reverse("people_list"), data)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'class="error"' in response.content.decode()
    assert "<script>alert" not in response.content.decode()


def test_it_searches_only_the_actors_scope(world: World) -> None:
    mine = make_named(world, [(ROSA, "1981-03-04")])[0]
    ivans = make_named(world, [(ROSA, "1981-03-04")], manager="ivan")[0]
    query = h.PeopleQuery(name="Rosalind Okafor")
    assert [r.public_id for r in search_as(world, "alice", query)] == [mine.public_id]
    assert {r.public_id for r in search_as(world, "bob", query)} == {
        mine.public_id,
        ivans.public_id,
    }
    assert search_as(world, "carol", query) == []  # another program: nothing, not a 403


# ---- success -------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["alice", "otto", "bob", "ada"])
def test_it_finds_a_misspelled_name_and_audits_the_kind_never_the_text(
    world: World, client: Any, username: str
) -> None:
    rosa = make_named(world, [(ROSA, "1981-03-04"), ("Rose Okafor", "1990-02-02")])[0]
    client.force_login(world.users[username])
    page = client.post(reverse("people_list"), {"name": "okafro rosalnid"}).content.decode()
    assert _listed(page)[0] == rosa.public_id
    assert "born 1981-03-04" in page  # these roles read identity without a release
    event = _last()
    assert (event.action, event.outcome) == ("search", "allowed")
    assert event.detail["query"] == "name" and event.detail["people"][0] == rosa.public_id
    dumped = str(event.__dict__).lower()
    assert "okaf" not in dumped and "rosal" not in dumped
    data = {"name": "Rosa Okafor", "date_of_birth": "1990-02-02"}
    page = client.post(reverse("people_list"), data).content.decode()
    assert _last().detail["query"] == "name+dob"
    assert _listed(page)[0] != rosa.public_id  # the birth date moved Rose Okafor first


def test_it_finds_nicknames_aliases_and_sound_alikes(world: World) -> None:
    bob, kate = make_named(world, [("Robert Quigley", "1970-01-01"), ("Kathryn Smyth", "")])
    alias = make_named(world, [("Dana Ruiz", "1975-05-05")], aliases="Dee Dee Lopez; D. R.")[0]
    for typed, person in [
        ("Bobby Quigley", bob),
        ("Quigly Rob", bob),
        ("Catherine Smith", kate),
        ("Dee Lopez", alias),
    ]:
        rows = search_as(world, "bob", h.PeopleQuery(name=typed))
        assert rows and rows[0].public_id == person.public_id, typed


def test_it_searches_by_date_of_birth_alone_and_narrows_by_identifier(world: World) -> None:
    a, b = make_named(world, [("Ann Fake", "1985-06-07"), ("Bea Fake", "1985-06-07")])
    make_named(world, [("Cy Fake", "1985-06-08")])
    rows = search_as(world, "bob", h.PeopleQuery(date_of_birth="1985-06-07"))
    assert [r.public_id for r in rows] == [b.public_id, a.public_id]  # newest first
    assert _last().detail["query"] == "dob"
    from tests.access.test_helpers import h_identifier

    h_identifier(a, "hmis", "H-55")
    rows = search_as(world, "bob", h.PeopleQuery({"hmis": "h 55"}, name="fake"))
    assert [r.public_id for r in rows] == [a.public_id]
    assert _last().detail["query"] == "hmis+name"


def test_it_returns_at_most_25_results(world: World, client: Any) -> None:
    make_named(world, [(f"Sam Fakename {i}", "1990-01-01") for i in range(30)])
    client.force_login(world.users["bob"])
    page = client.post(reverse("people_list"), {"name": "Sam Fakename"}).content.decode()
    assert len(_listed(page)) == h.LIST_LIMIT == 25
    assert len(_last().detail["people"]) == 25
    assert "the first 25" in page


# ---- the tokens ----------------------------------------------------------------------------


def _plain_forms(person_values: list[str]) -> set[str]:
    forms: set[str] = set()
    for value in person_values:
        for text in {value, value.lower(), value.upper()}:
            forms.add(text)
            for digest in (hashlib.sha256, hashlib.sha1, hashlib.md5):
                forms.add(digest(text.encode()).hexdigest())
    return forms


def test_it_stores_tokens_that_are_neither_the_names_nor_a_plain_hash_of_them(
    world: World,
) -> None:
    rosa = make_named(world, [(ROSA, "1981-03-04")], aliases="Rosie")[0]
    stored = list(PersonNameToken.objects.filter(person=rosa).values_list("kind", "token"))
    keys = names.index_keys(ROSA, "", "Rosie") + names.birth_date_keys("1981-03-04")
    assert len(stored) == len(keys) > 20
    assert {kind for kind, _ in stored} >= {"part", "alias", "nick", "edit", "sound", "dob"}
    values = [k.value for k in keys] + [ROSA, "Rosie", "19810304"]
    values += [f"{k.domain}|{world.programs['demo'].pk}|{k.value}" for k in keys]
    plain = _plain_forms(values)
    assert all(re.fullmatch(r"[0-9a-f]{64}", t) for _, t in stored)
    assert not {t for _, t in stored} & plain
    # The program is part of the message: another program's tokens for the same name differ.
    again = person_tokens(
        world.programs["other"].pk,
        legal_name=ROSA,
        preferred_name="",
        aliases="Rosie",
        date_of_birth="1981-03-04",
    )
    assert not {t for _, t in again} & {t for _, t in stored}
    # And the key: without it nobody can compute a token to compare (a dictionary attack).
    with override_settings(OPENLEAD_BLIND_INDEX_KEY=b"another key entirely"):
        other_key = person_tokens(
            world.programs["demo"].pk,
            legal_name=ROSA,
            preferred_name="",
            aliases="Rosie",
            date_of_birth="1981-03-04",
        )
    assert not {t for _, t in other_key} & {t for _, t in stored}


def test_it_keeps_the_tokens_in_step_when_the_identity_is_reindexed(world: World) -> None:
    person = make_named(world, [("Maxine Oldname", "1960-01-01")])[0]
    assert search_as(world, "bob", h.PeopleQuery(name="Maxine Oldname"))
    count = reindex_person(
        person,
        legal_name="Maxine Newname",
        preferred_name="Max",
        aliases="",
        date_of_birth="1960-01-02",
    )
    assert count == PersonNameToken.objects.filter(person=person).count() > 0
    assert search_as(world, "bob", h.PeopleQuery(name="Oldname")) == []
    assert search_as(world, "bob", h.PeopleQuery(name="Newname Max"))[0].public_id == (
        person.public_id
    )
    rows = search_as(world, "bob", h.PeopleQuery(date_of_birth="1960-01-02"))
    assert [r.public_id for r in rows] == [person.public_id]


def test_it_backfills_the_tokens_of_people_created_before_the_table(world: World) -> None:
    from django.apps import apps
    from django.db import connection

    person = make_named(world, [("Early Fakeperson", "1970-05-06")])[0]
    expected = set(PersonNameToken.objects.filter(person=person).values_list("kind", "token"))
    PersonNameToken.objects.all().delete()
    migration = importlib.import_module("openlead.people.migrations.0005_person_name_tokens")
    editor = type("Editor", (), {"connection": connection})()
    migration.backfill(apps, editor)
    after = set(PersonNameToken.objects.filter(person=person).values_list("kind", "token"))
    assert after == expected != set()
    # The world's people got theirs too (their canary names and dates index like any text).
    assert PersonNameToken.objects.filter(person=world.people["own"]).exists()
