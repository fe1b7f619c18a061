"""The generated agenda on a seeded program: each section's count as each viewer sees it,
rows carrying less for enforcement, casework minutes never reaching it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.roles import FieldGroup
from openlead.legal.models import CourtDate, LegalCase
from openlead.legal.owg.agenda import build_agenda
from openlead.people.actions import do_record_consent
from openlead.referrals.models import Referral
from tests.conftest import World
from tests.legal.owg_helpers import make_meeting, write_minute

pytestmark = pytest.mark.django_db(databases="__all__")

SECTIONS = [
    "new_referrals",
    "lapsing",
    "new_charges",
    "court_dates",
    "no_contact",
    "consents_expiring",
]


def _actor(world: World, name: str) -> Actor:
    membership = world.users[name].memberships.first()
    return Actor.of(world.users[name], membership.role, membership.program_id, chosen=membership)


def _seed(world: World) -> None:
    """own: a new arrest referral lapsing in 2 days, its court date in 5, a release to the
    prosecutor ending in 10; same: a community referral lapsing tomorrow. Nobody has a
    contact, so every active person is on the no-contact list."""
    now = timezone.now()
    for key, door, lapse in (("own", "arrest", 2), ("same", "community", 1)):
        Referral.objects.create(
            program=world.programs["demo"],
            person=world.people[key],
            door=door,
            status="awaiting_intake",
            referrer=world.users["dave"] if door == "arrest" else None,
            referred_at=now - dt.timedelta(days=2),
            intake_deadline=now + dt.timedelta(days=lapse),
        )
    case = LegalCase.objects.get(case_number="TC-OWN-1")
    CourtDate.objects.create(case=case, at=now + dt.timedelta(days=5), location="Courtroom 3")
    today = timezone.localdate()
    do_record_consent(
        world.people["own"],
        acting=Actor.system("test"),
        field_groups=["enrollment_status", "legal"],
        starts_on=today - dt.timedelta(days=1),
        expires_on=today + dt.timedelta(days=10),
        organization_id=world.orgs["prosecutor"].pk,
        purpose="court coordination",
    )


def _counts(world: World, name: str) -> dict[str, int]:
    agenda = build_agenda(make_meeting(world), _actor(world, name), purpose="test")
    return {p.key: len(p.rows) + p.more for p in agenda.parts}


# name -> the count of each section (SECTIONS order); None: the section is not offered.
EXPECTED = {
    "bob": [2, 2, 1, 1, 3, 1],  # the whole program
    "alice": [1, 1, 1, 1, 1, 1],  # her caseload: own
    "erin": [1, 1, 1, 1, None, 1],  # own (her office's case); casework's section not offered
    "dave": [1, 1, 1, 1, None, 0],  # own and revoked; the release is not to his office
    "frank": [1, 1, 1, 1, None, 0],  # own (his office's release)
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_counts_only_what_the_viewer_may_see(world: World, name: str) -> None:
    _seed(world)
    counts = _counts(world, name)
    expected = {k: v for k, v in zip(SECTIONS, EXPECTED[name], strict=True) if v is not None}
    assert counts == expected


def _rows(world: World, name: str, meeting: Any) -> dict[str, Any]:
    agenda = build_agenda(meeting, _actor(world, name), purpose="test")
    return {p.key: p.rows for p in agenda.parts}


def test_it_gives_the_prosecutor_the_same_row_with_less_in_it(world: World) -> None:
    _seed(world)
    meeting = make_meeting(world)
    alice, erin = _rows(world, "alice", meeting), _rows(world, "erin", meeting)
    assert alice["new_referrals"][0].detail.startswith("Arrest diversion, referred")
    assert erin["new_referrals"][0].detail == ""  # referral facts are not hers to read
    assert erin["new_referrals"][0].person_ref == alice["new_referrals"][0].person_ref
    assert "TC-OWN-1" in erin["court_dates"][0].detail  # legal, under her release


def test_it_never_shows_a_casework_minute_to_enforcement(world: World) -> None:
    _seed(world)
    meeting = make_meeting(world)
    own = world.people["own"]
    write_minute(meeting, own, FieldGroup.CASEWORK_NOTES, "Fake casework step")
    write_minute(meeting, own, FieldGroup.LEGAL, "Fake legal step")
    alice = [m.next_steps for m in _rows(world, "alice", meeting)["court_dates"][0].minutes]
    assert alice == ["Fake casework step", "Fake legal step"]
    for name in ("erin", "dave", "frank"):
        shown = [m.next_steps for m in _rows(world, name, meeting)["court_dates"][0].minutes]
        assert shown == ["Fake legal step"], name


def test_it_keeps_minutes_of_items_no_longer_on_the_agenda(world: World) -> None:
    meeting = make_meeting(world, status="held", hours=-2)
    write_minute(meeting, world.people["own"], FieldGroup.LEGAL, "Fake kept step", "lapsing")
    agenda = build_agenda(meeting, _actor(world, "alice"), purpose="test")
    assert agenda.recomputed
    assert [m.next_steps for _, m in agenda.other_minutes] == ["Fake kept step"]


def test_it_caps_a_section_and_counts_the_rest(world: World) -> None:
    # Three quiet people, two rows shown (the page's cap is 50).
    built = build_agenda(make_meeting(world), _actor(world, "bob"), purpose="test", cap=2)
    quiet = next(p for p in built.parts if p.key == "no_contact")
    assert (len(quiet.rows), quiet.more) == (2, 1)
