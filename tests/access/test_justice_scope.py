"""The justice roles' scope (openlead.access.justice_scope), one relation at a time.

Each test starts from the world (tests/conftest.py): dave (police) sees "own" and
"revoked", which his agency referred; erin (prosecutor) sees "own", on which her office
has a pending case; frank (defender) sees "own", whose active release names his office. Each test adds the one
fact it is about and asserts who can see the person it concerns, and who cannot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.helpers import scoped_people
from openlead.access.models import Membership, User
from openlead.access.roles import Role
from openlead.legal.models import OPEN_CASE_STATUSES, CaseStatus, LegalCase
from openlead.people.actions import do_record_consent
from openlead.programs.models import Organization
from openlead.referrals.models import Door
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def _actor(world: World, username: str) -> Actor:
    user = world.users[username]
    membership = user.memberships.first()
    return Actor(user, membership.role, membership.program_id, username=username, chosen=membership)


def _sees(world: World, username: str, person: Any) -> bool:
    return scoped_people(_actor(world, username)).filter(pk=person.pk).exists()


def _case(world: World, person: Any, **fields: Any) -> LegalCase:
    values: dict[str, Any] = {
        "program": person.program,
        "person": person,
        "jurisdiction": "Test County District Court",
        "case_number": f"TC-{LegalCase.objects.count() + 1}",
        "opened_on": dt.date(2026, 11, 1),
    }
    values.update(fields)
    return LegalCase.objects.create(**values)


def _release(world: World, person: Any, org: str, **kw: Any) -> Any:
    today = timezone.localdate()
    return do_record_consent(
        person,
        acting=Actor.system("test"),
        field_groups=["enrollment_status", "legal"],
        starts_on=kw.get("starts_on", today - dt.timedelta(days=1)),
        expires_on=kw.get("expires_on", today + dt.timedelta(days=90)),
        organization_id=world.orgs[org].pk,
        purpose="test release",
    )


def _second_agency(world: World, username: str, kind: str, role: str) -> User:
    org = Organization.objects.create(name=f"Second {kind}", kind=kind)
    user = User.objects.create_user(username=username, password="x-unused-x")
    Membership.objects.create(
        user=user, program=world.programs["demo"], organization=org, role=role
    )
    world.users[username] = user
    return user


def test_it_shows_each_justice_role_only_the_people_of_the_world_it_relates_to(
    world: World,
) -> None:
    people = world.people
    assert [k for k in ("own", "same", "revoked") if _sees(world, "dave", people[k])] == [
        "own",
        "revoked",
    ]
    for username in ("erin", "frank"):
        seen = [k for k in ("own", "same", "revoked", "other") if _sees(world, username, people[k])]
        assert seen == ["own"], username


@pytest.mark.parametrize("door", [Door.ARREST, Door.SOCIAL_CONTACT])
def test_it_shows_police_the_people_their_agency_referred_and_no_others(
    world: World, door: str
) -> None:
    facts = None if door == Door.ARREST else {"conduct": ["possession"]}
    ours = make_referral(world, by="dave", door=door, facts=facts, name="Fake Ours").person
    _second_agency(world, "paul", "police", Role.POLICE_OFFICER)
    theirs = make_referral(world, by="paul", door=door, facts=facts, name="Fake Theirs").person
    assert _sees(world, "dave", ours) and not _sees(world, "dave", theirs)
    assert _sees(world, "paul", theirs) and not _sees(world, "paul", ours)


@pytest.mark.parametrize("door", [Door.COMMUNITY, Door.SELF])
def test_it_hides_community_and_self_referred_people_from_every_justice_role(
    world: World, door: str
) -> None:
    by = "cora" if door == Door.COMMUNITY else None
    person = make_referral(world, by=by, door=door, facts={}, name="Fake Quiet").person
    # Even the relations that would open an arrest-door person do not open them.
    _case(world, person, prosecutor_office=world.orgs["prosecutor"], defender=world.users["frank"])
    assert [u for u in ("dave", "erin", "frank") if _sees(world, u, person)] == []
    assert _sees(world, "bob", person)  # the care team sees them, of course


def test_it_opens_a_community_referred_person_only_to_the_office_their_release_names(
    world: World,
) -> None:
    person = make_referral(world, by="cora", door="community", facts={}, name="Fake Chose").person
    _case(world, person, prosecutor_office=world.orgs["prosecutor"])
    _release(world, person, "defender")
    assert _sees(world, "frank", person)  # for counsel, the release is a relation itself
    assert not _sees(world, "erin", person) and not _sees(world, "dave", person)
    _release(world, person, "prosecutor")
    assert _sees(world, "erin", person)  # her office's case, now under their release


def test_it_never_lets_a_release_alone_open_a_person_to_police_or_prosecutor(
    world: World,
) -> None:
    person = world.people["same"]
    _release(world, person, "prosecutor")
    _release(world, person, "police")
    assert not _sees(world, "erin", person) and not _sees(world, "dave", person)
    _case(world, person, prosecutor_office=world.orgs["prosecutor"])
    assert _sees(world, "erin", person)  # released to her office, and now her case


@pytest.mark.parametrize("status", list(CaseStatus))
def test_it_shows_the_prosecutor_a_person_while_their_office_has_an_open_case(
    world: World, status: str
) -> None:
    person = world.people["same"]
    ours = make_referral(world, by="dave", name="Fake Charged").person
    _case(world, ours, status=status, prosecutor_office=world.orgs["prosecutor"])
    # Another office's open case opens nothing to erin.
    _case(world, person, prosecutor_office=world.orgs["cm"])
    assert _sees(world, "erin", ours) == (status in OPEN_CASE_STATUSES)
    assert not _sees(world, "erin", person)


def test_it_shows_the_prosecutor_the_arrests_on_their_desk(world: World) -> None:
    fresh = make_referral(world, name="Fake Fresh")
    assert not _sees(world, "erin", fresh.person)  # in intake, window open: not theirs
    lapsed = make_referral(world, name="Fake Lapsed", at=timezone.now() - dt.timedelta(days=40))
    assert _sees(world, "erin", lapsed.person)  # lapsed before the job marked it
    reviewed = make_referral(world, name="Fake Reviewed")
    type(reviewed).objects.filter(pk=reviewed.pk).update(prosecutor_review_at=timezone.now())
    assert _sees(world, "erin", reviewed.person)


def test_it_shows_the_defender_only_the_clients_they_are_assigned_to(world: World) -> None:
    person = make_referral(world, name="Fake Client").person
    case = _case(world, person, defender=world.users["frank"])
    other = _second_agency(world, "dana", "defender", Role.DEFENDER)
    assert _sees(world, "frank", person) and not _sees(world, "dana", person)
    LegalCase.objects.filter(pk=case.pk).update(defender=other)
    assert not _sees(world, "frank", person) and _sees(world, "dana", person)


def test_it_asks_for_a_release_where_the_program_requires_one(world: World) -> None:
    program = world.programs["demo"]
    person = make_referral(world, name="Fake Required").person
    _case(world, person, prosecutor_office=world.orgs["prosecutor"])
    assert _sees(world, "erin", person)
    program.release_required_for = [Role.PROSECUTOR.value]
    program.save(update_fields=["release_required_for"])
    assert not _sees(world, "erin", person)
    assert _sees(world, "dave", person)  # the requirement is per role
    _release(world, person, "prosecutor")
    assert _sees(world, "erin", person)


def test_it_counts_only_active_releases(world: World) -> None:
    person = make_referral(world, by="cora", door="community", facts={}, name="Fake Timed").person
    today = timezone.localdate()
    _release(world, person, "defender", expires_on=today - dt.timedelta(days=1))
    _release(world, person, "defender", starts_on=today + dt.timedelta(days=3))
    assert not _sees(world, "frank", person)
    _release(world, person, "defender")
    assert _sees(world, "frank", person)
