"""Pending cases from justice imports: accepted links only, recent events only, one case
per (jurisdiction, case number), idempotent, unknown statutes kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.legal.cases.actions.linkage import cases_from_accepted_links
from openlead.legal.models import CaseSource, CaseStatus, LegalCase
from openlead.records.actions import Proposal, do_decide_link, do_store_proposals
from openlead.records.models import LinkStatus, PersonRecordLink
from tests.conftest import World
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db(databases="__all__")

TEXT = "Possession of controlled substance RCW 69.50.4013 case 26-1-00042-7"


def record(
    world: World, ext: str, text: str = TEXT, days_ago: int = 20, kind: str = "charge"
) -> Any:
    rec = make_record(world.programs["demo"], ext, kind=kind)
    rec.raw_text = text
    rec.occurred_on = timezone.localdate() - dt.timedelta(days=days_ago)
    rec.severity = "felony"
    rec.save(update_fields=["raw_text", "occurred_on", "severity"])
    return rec


def link(world: World, rec: Any, status: str = LinkStatus.ACCEPTED, key: str = "own") -> Any:
    return PersonRecordLink.objects.create(
        person=world.people[key],
        record=rec,
        probability=0.9,
        band="auto_accept" if status == LinkStatus.ACCEPTED else "review",
        status=status,
        decided_at=timezone.now() if status == LinkStatus.ACCEPTED else None,
    )


def imported() -> list[LegalCase]:
    return list(LegalCase.objects.filter(source=CaseSource.IMPORT))


def test_a_candidate_link_makes_no_case(world: World) -> None:
    link(world, record(world, "EV-1"), status=LinkStatus.PENDING)
    assert cases_from_accepted_links() == 0
    assert imported() == []


def test_old_history_and_records_without_a_number_make_no_case(world: World) -> None:
    link(world, record(world, "EV-old", days_ago=400))
    link(world, record(world, "EV-nonum", text="Possession RCW 69.50.4013"))
    link(world, record(world, "EV-jail", kind="jail_stay"))
    link(world, record(world, "EV-word", text="Theft RCW 9A.56.050, case dismissed"))
    assert cases_from_accepted_links() == 0
    assert imported() == []


def test_an_accepted_recent_link_makes_a_pending_case_once(world: World) -> None:
    rec = record(world, "EV-2")
    link(world, rec)
    assert cases_from_accepted_links() == 1
    assert cases_from_accepted_links() == 1  # re-run: updated, not duplicated
    [case] = imported()
    assert (case.case_number, case.jurisdiction) == ("26-1-00042-7", "test-rms")
    assert case.status == CaseStatus.PENDING and case.justice_record == rec
    assert case.person == world.people["own"]
    [charge] = case.charges.all()
    assert (charge.code, charge.label, charge.level) == (
        "69.50.4013",
        "Possession of a controlled substance",
        "felony",
    )


def test_two_records_of_one_case_make_one_case_with_both_charges(world: World) -> None:
    link(world, record(world, "EV-3"))
    link(world, record(world, "EV-4", text="RCW 99.12.345 case 26-1-00042-7"))
    cases_from_accepted_links()
    [case] = imported()
    labels = sorted(c.label for c in case.charges.all())
    assert labels == ["Charge 99.12.345", "Possession of a controlled substance"]


def test_accepting_a_link_makes_the_case_at_once(world: World) -> None:
    pending = link(world, record(world, "EV-5"), status=LinkStatus.PENDING)
    reviewer = world.users["bob"]
    do_decide_link(pending, LinkStatus.ACCEPTED, acting=Actor.of(reviewer, "supervisor"))
    assert [c.case_number for c in imported()] == ["26-1-00042-7"]


def test_an_automatic_link_from_a_run_makes_the_case(world: World) -> None:
    rec = record(world, "EV-6")
    person = world.people["same"]
    proposal = Proposal(person.pk, rec.pk, 0.99, "auto_accept")
    do_store_proposals([proposal], acting=Actor.system("test"), program_id=person.program_id)
    [case] = imported()
    assert case.person == person
