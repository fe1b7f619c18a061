"""Candidate duplicates (issue 11, "3. Duplicates"): found by tokens and identifiers, shown
with reasons in words to the care team only, audited as a "duplicate check"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from openlead.access.acting import current_actor
from openlead.access.models import AuditEvent
from openlead.people.matching import DUPLICATE_CHECK, candidates_for, find_candidates
from tests.access.test_helpers import h_identifier
from tests.conftest import World
from tests.people.test_search_access import make_named
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def _actor(world: World, username: str) -> Any:
    request = RequestFactory().get("/referrals/")
    request.user = world.users[username]
    request.session = {}
    request.request_id = "rid-dup"
    return current_actor(request)


def _find(world: World, **kwargs: Any) -> dict[str, list[str]]:
    query = {"legal_name": "", "date_of_birth": "", "aliases": "", "identifiers": {}, **kwargs}
    found = find_candidates(world.programs["demo"].pk, **query)
    return {c.person.public_id: c.reasons for c in found}


def test_it_finds_no_candidate_in_unrelated_people_or_another_program(world: World) -> None:
    make_named(world, [("Priya Fakesingh", "1980-01-01")])
    assert _find(world, legal_name="Tomasz Fakewski", date_of_birth="1980-01-01") == {}
    assert _find(world, legal_name="Priya Other", date_of_birth="1999-09-09") == {}
    found = find_candidates(
        world.programs["other"].pk,
        legal_name="Priya Fakesingh",
        date_of_birth="1980-01-01",
        aliases="",
        identifiers={},
    )
    assert found == []


def test_it_gives_each_candidate_its_reasons_in_words(world: World) -> None:
    priya, same_id, alias = make_named(
        world,
        [("Priya Fakesingh", "1980-01-01"), ("Someone Else", "1971-07-07"), ("Pree Q", "")],
    )
    h_identifier(same_id, "state_id", "WA-123")
    from openlead.people.tokens import reindex_person

    reindex_person(
        alias, legal_name="Pree Q", preferred_name="", aliases="Priya Fakesing", date_of_birth=""
    )
    found = _find(
        world,
        legal_name="Pryia Fakesingh",
        date_of_birth="1980-01-01",
        identifiers={"state_id": "wa 123"},
    )
    assert found[priya.public_id] == ["same date of birth and similar name"]
    assert found[same_id.public_id] == ["same state ID"]
    assert alias.public_id not in found  # an alias alone, with a birth date that differs
    assert list(found)[0] == same_id.public_id  # an identifier outweighs a name
    exact = _find(world, legal_name="Priya Fakesingh", date_of_birth="1980-01-01")
    assert exact == {priya.public_id: ["same name and date of birth"]}
    no_birth = _find(world, legal_name="Priya Fakesingh")
    assert no_birth[priya.public_id] == ["same name"]
    assert no_birth[alias.public_id] == ["similar name", "a name matches an alias"]
    assert (
        _find(world, legal_name="Priya Fakesingh", exclude_id=priya.pk).get(priya.public_id) is None
    )


@pytest.mark.parametrize("username", ["dave", "erin", "frank", "gina", "hank", "una", "cora"])
def test_it_checks_nothing_for_roles_outside_the_care_team(world: World, username: str) -> None:
    make_named(world, [("Priya Fakesingh", "1980-01-01")])
    newcomer = make_named(world, [("Priya Fakesingh", "1980-01-01")])[0]
    before = AuditEvent.objects.count()
    assert candidates_for(_actor(world, username), newcomer, purpose="referral page") == []
    assert AuditEvent.objects.count() == before


def test_it_checks_within_the_actors_scope_and_audits_a_duplicate_check(world: World) -> None:
    mine = make_named(world, [("Priya Fakesingh", "1980-01-01")])[0]
    ivans = make_named(world, [("Priya Fakesingh", "1980-01-01")], manager="ivan")[0]
    newcomer = make_named(world, [("Priya Fakesinhg", "1980-01-01")], manager="ivan")[0]
    rows = candidates_for(_actor(world, "alice"), newcomer, purpose="referral page")
    assert [c.row.public_id for c in rows] == [mine.public_id]
    assert rows[0].row.name == "Priya Fakesingh"
    assert rows[0].reasons == ["same date of birth and similar name"]
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.actor_username, event.action, event.outcome, event.person_ref) == (
        "alice",
        "search",
        "allowed",
        newcomer.public_id,
    )
    assert event.detail == {"people": [mine.public_id], "query": DUPLICATE_CHECK}
    assert "Priya" not in str(event.__dict__)
    rows = candidates_for(_actor(world, "bob"), newcomer, purpose="referral page")
    assert {c.row.public_id for c in rows} == {mine.public_id, ivans.public_id}


def test_it_shows_candidates_on_the_referral_page_to_the_care_team_only(
    world: World, client: Any
) -> None:
    earlier = make_named(world, [("Marisol Fakevega", "")])[0]
    referral = make_referral(world, by="cora", door="community", name="Marisol Fake-Vega")
    url = reverse("referral_detail", args=[referral.public_id])
    client.force_login(world.users["bob"])
    page = client.get(url).content.decode()
    assert "Possible duplicates" in page and earlier.public_id in page
    assert "Same name" in page  # "Fake-Vega" also matches "Fakevega" whole
    for username in ("cora", "dave", "erin"):
        client.force_login(world.users[username])
        response = client.get(url)
        body = response.content.decode()
        assert "Possible duplicates" not in body and earlier.public_id not in body, username


def test_it_needs_half_the_parts_of_a_hyphenated_name_to_call_it_the_same(world: World) -> None:
    shared = make_named(world, [("Ana Fakelast", "")])[0]
    assert _find(world, legal_name="Ana-Bel-Cruz-Fakelast") == {}
    assert _find(world, legal_name="Ana Fake-Last")[shared.public_id] == ["same name"]
