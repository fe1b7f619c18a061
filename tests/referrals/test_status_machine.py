"""The referral status machine: every move an audited action, invalid moves refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.referrals import actions
from openlead.referrals.models import Referral, Status
from openlead.referrals.queries import open_screening
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")

WHO = Actor.system("test")


def _events(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=before))


def test_it_refuses_intake_for_a_referral_already_closed(world: World) -> None:
    referral = make_referral(world)
    actions.do_withdraw_referral(referral, acting=WHO)
    with pytest.raises(
        actions.TransitionRefused, match="“Withdrawn”, so it cannot be marked intake complete"
    ):
        actions.do_complete_intake(referral, world.users["alice"], acting=WHO)
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN


def test_it_refuses_to_send_an_ineligible_referral_to_intake(world: World) -> None:
    referral = make_referral(world, facts={**_facts(), "drug_grams": 9.0})
    assert (referral.status, referral.outcome) == (Status.SCREENED, "ineligible")
    with pytest.raises(actions.TransitionRefused, match="not eligible"):
        actions.do_accept_for_intake(referral, acting=WHO)


def test_it_refuses_to_lapse_an_open_window_or_a_community_referral(world: World) -> None:
    open_one = make_referral(world)
    with pytest.raises(actions.TransitionRefused, match="still open"):
        actions.do_lapse_referral(open_one, acting=WHO)
    community = make_referral(
        world, by="cora", door="community", at=timezone.now() - dt.timedelta(days=40)
    )
    assert community.status == Status.AWAITING_INTAKE and community.intake_deadline < timezone.now()
    with pytest.raises(actions.TransitionRefused, match="Only an arrest referral"):
        actions.do_lapse_referral(community, acting=WHO)


def test_it_refuses_a_hand_off_for_an_ineligible_referral(world: World) -> None:
    referral = make_referral(world, facts={**_facts(), "drug_grams": 9.0})
    with pytest.raises(actions.TransitionRefused, match="no hand-off"):
        actions.do_record_handoff(referral, world.users["otto"], acting=WHO)


def test_it_refuses_a_hand_off_once_closed(world: World) -> None:
    referral = make_referral(world)
    actions.do_record_declined(referral, acting=WHO)
    with pytest.raises(actions.TransitionRefused, match="hand-off cannot be recorded"):
        actions.do_record_handoff(referral, world.users["otto"], acting=WHO)


def test_it_moves_a_needs_review_referral_to_intake_after_review(world: World) -> None:
    referral = make_referral(world, by="cora", door="community", facts={})
    assert (referral.status, referral.outcome) == (Status.SCREENED, "needs_review")
    before = AuditEvent.objects.count()
    actions.do_accept_for_intake(referral, acting=WHO)
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_INTAKE and referral.intake_deadline is not None
    assert [e.purpose for e in _events(before)] == ["referral sent to intake"]


def test_it_completes_intake_making_the_person_an_active_participant(world: World) -> None:
    referral = make_referral(world)
    before = AuditEvent.objects.count()
    actions.check_complete_intake(referral, world.users["alice"].pk, acting=WHO)
    referral.refresh_from_db()
    person = referral.person
    person.refresh_from_db()
    assert referral.status == Status.INTAKE_COMPLETE and referral.closed_at is not None
    assert person.status == "active" and person.case_manager == world.users["alice"]
    assert "referral intake complete" in [e.purpose for e in _events(before)]


def test_it_refuses_intake_with_someone_who_is_not_a_case_manager(world: World) -> None:
    referral = make_referral(world)
    with pytest.raises(ValidationError):
        actions.check_complete_intake(referral, world.users["otto"].pk, acting=WHO)


def test_it_returns_a_lapsed_arrest_to_the_prosecutor_once(world: World) -> None:
    referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    assert actions.lapse_due() == 1
    assert actions.lapse_due() == 0  # idempotent: cron may run it every few minutes
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED and referral.returned_at is not None


def test_it_keeps_the_facts_and_reasons_encrypted(world: World) -> None:
    referral = make_referral(
        world, facts={**_facts(), "convictions": [{"offense": "robbery_2", "date": "2020-01-02"}]}
    )
    row = Referral.objects.values("sealed_facts", "sealed_decision").get(pk=referral.pk)
    assert b"robbery_2" not in bytes(row["sealed_facts"]) and b"2.6" not in bytes(
        row["sealed_decision"]
    )
    screening = open_screening(referral)
    assert screening.facts["convictions"][0]["offense"] == "robbery_2"
    assert screening.decision is not None and screening.decision["outcome"] == "ineligible"
    assert any(r["clause"] == "2.6(b)" for r in screening.decision["reasons"])


def test_it_gives_needs_review_naming_an_unknown_offense_code(world: World) -> None:
    referral = make_referral(
        world, facts={**_facts(), "convictions": [{"offense": "jaywalking_9"}]}
    )
    decision = open_screening(referral).decision
    assert referral.outcome == "needs_review" and decision is not None
    assert any("jaywalking_9" in r["detail"] for r in decision["reasons"])


def test_it_screens_later_a_referral_received_before_a_protocol_was_set(world: World) -> None:
    referral = make_referral(world, by="carol", door="community", facts={}, program="other")
    assert referral.status == Status.RECEIVED and referral.outcome == ""
    program = world.programs["other"]
    program.protocol_id = "atlanta-pad"
    program.save(update_fields=["protocol_id"])
    actions.do_screen_referral(referral, acting=WHO)
    referral.refresh_from_db()
    assert referral.status == Status.SCREENED and referral.protocol_id == "atlanta-pad"


def _facts() -> dict[str, Any]:
    from tests.referrals.helpers import ELIGIBLE_ARREST

    return dict(ELIGIBLE_ARREST)


def test_it_refuses_intake_once_the_window_passed_even_before_the_job(world: World) -> None:
    referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    assert referral.status == Status.AWAITING_INTAKE  # the lapse job has not run
    before = AuditEvent.objects.count()
    with pytest.raises(actions.TransitionRefused, match="“Returned to the prosecutor”"):
        actions.do_complete_intake(referral, world.users["alice"], acting=WHO)
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_INTAKE and _events(before) == []  # rolled back
    with pytest.raises(actions.TransitionRefused, match="hand-off cannot be recorded"):
        actions.do_record_handoff(referral, world.users["otto"], acting=WHO)
    with pytest.raises(actions.TransitionRefused, match="cannot be withdrawn"):
        actions.do_withdraw_referral(referral, acting=WHO)
