"""The prosecutor's decision on an arrest referral (openlead.legal.actions.referrals):
refusals first (role, scope, nothing to decide, already decided, bad input), then each
decision recorded with its sealed reason, moved and audited, never blocked by the timer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.legal.actions import (
    Decision,
    check_record_prosecutor_decision,
    do_record_prosecutor_decision,
)
from openlead.legal.models import LegalDecision
from openlead.legal.queries import decisions_shown
from openlead.referrals.actions import TransitionRefused, lapse_due
from openlead.referrals.clock import local_date
from openlead.referrals.models import Status
from tests.conftest import World, program_today
from tests.legal.helpers import acting_as, reviewed_referral
from tests.referrals.helpers import make_referral, returned_referral

pytestmark = pytest.mark.django_db(databases="__all__")

WHY = "Victim agrees; person is engaging with LEAD."


def _decide(referral, choice, world, **kw):  # type: ignore[no-untyped-def]
    return check_record_prosecutor_decision(
        referral,
        Decision(choice, reason=kw.pop("reason", WHY), **kw),
        acting=acting_as(world, "erin"),
    )


@pytest.mark.parametrize("username", ["alice", "bob", "dave", "frank"])
def test_it_refuses_every_decision_to_other_roles(world: World, username: str) -> None:
    referral = returned_referral(world)
    for choice in ("file", "decline", "abeyance", "extend"):
        with pytest.raises(PermissionDenied):
            check_record_prosecutor_decision(
                referral, Decision(choice, reason=WHY), acting=acting_as(world, username)
            )
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED and not LegalDecision.objects.exists()


def test_it_refuses_a_referral_out_of_the_prosecutors_scope(world: World) -> None:
    open_one = make_referral(world)  # awaiting intake, not on the desk
    with pytest.raises(Http404):
        _decide(open_one, "file", world)
    other = make_referral(world, by="carol", door="community", facts={}, program="other")
    with pytest.raises(Http404):
        _decide(other, "decline", world)


def test_it_refuses_a_prosecutor_decision_while_the_window_is_open(world: World) -> None:
    referral = make_referral(world)
    with pytest.raises(TransitionRefused, match="only on a lapsed window"):
        do_record_prosecutor_decision(
            referral, Decision("file", reason=WHY), acting=acting_as(world, "erin")
        )


def test_it_refuses_a_second_decision_on_a_decided_referral(world: World) -> None:
    referral = returned_referral(world)
    _decide(referral, "decline", world)
    for choice in ("file", "decline", "abeyance", "extend"):
        with pytest.raises(TransitionRefused, match="already decided"):
            _decide(referral, choice, world)
    assert LegalDecision.objects.filter(referral=referral).count() == 1


def test_it_refuses_a_decision_without_a_reason(world: World) -> None:
    referral = returned_referral(world)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            _decide(referral, "file", world, reason=reason)
        assert refused.value.message_dict == {"reason": ["Give the reason for this decision."]}
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (None, "Give the new last day for intake."),
        (dt.date(1800, 1, 1), "must be after today"),
        ("today", "must be after today"),
        (dt.date(2099, 12, 31), "can be at most"),
        ("past the limit", "can be at most"),
    ],
)
def test_it_refuses_an_extension_outside_the_protocols_limit(
    world: World, day: object, says: str
) -> None:
    referral = returned_referral(world)
    today = program_today(referral.program)
    new_day = {"today": today, "past the limit": today + dt.timedelta(days=31)}.get(day, day)  # type: ignore[call-overload]
    with pytest.raises(ValidationError) as refused:
        _decide(referral, "extend", world, new_deadline=new_day)
    message = refused.value.message_dict["new_deadline"][0]
    assert says in message
    if "at most" in message:  # the last allowed day, as a human date
        assert f"{today + dt.timedelta(days=30):%-d %B %Y}" in message
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED


def test_it_refuses_an_extension_on_an_arrest_under_review(world: World) -> None:
    referral = reviewed_referral(world)
    new_day = program_today(referral.program) + dt.timedelta(days=5)
    with pytest.raises(ValidationError, match="Choose file, decline or hold in abeyance"):
        _decide(referral, "extend", world, new_deadline=new_day)


def test_it_records_each_decision_on_a_lapsed_window(world: World) -> None:
    filed, declined, held, extended = (returned_referral(world) for _ in range(4))
    _decide(filed, "file", world, victim_consent="given")
    _decide(declined, "decline", world)
    _decide(held, "abeyance", world)
    new_day = program_today(extended.program) + dt.timedelta(days=7)
    _decide(extended, "extend", world, new_deadline=new_day)
    for referral in (filed, declined, held, extended):
        referral.refresh_from_db()
    assert [r.status for r in (filed, declined, held, extended)] == [
        Status.CHARGES_FILED,
        Status.NOT_FILED,
        Status.AWAITING_INTAKE,
        Status.AWAITING_INTAKE,
    ]
    assert local_date(extended.program, extended.intake_deadline) == new_day
    assert held.intake_deadline > timezone.now() + dt.timedelta(days=29)  # a fresh window
    assert lapse_due() == 0
    row = LegalDecision.objects.get(referral=filed)
    assert (row.kind, row.victim_consent, row.decided_by) == ("file", "given", world.users["erin"])
    assert WHY.encode() not in bytes(row.sealed_reason)  # sealed, not plain
    assert [d.reason for d in decisions_shown(filed.legal_decisions.all(), filed.person)] == [WHY]
    assert LegalDecision.objects.get(referral=extended).extended_to == new_day


def test_it_records_decisions_on_arrests_under_review_before_intake(world: World) -> None:
    filed, declined, held = (reviewed_referral(world) for _ in range(3))
    for referral, choice in ((filed, "file"), (declined, "decline"), (held, "abeyance")):
        _decide(referral, choice, world)
        referral.refresh_from_db()
    assert (filed.status, declined.status, held.status) == (
        Status.CHARGES_FILED,
        Status.NOT_FILED,
        Status.AWAITING_INTAKE,  # in abeyance: the person goes on to intake
    )
    assert held.prosecutor_decision == "abeyance"
    with pytest.raises(TransitionRefused, match="already decided"):
        _decide(held, "file", world)


def test_it_audits_the_move_and_the_decision(world: World) -> None:
    referral = returned_referral(world)
    before = AuditEvent.objects.count()
    _decide(referral, "decline", world)
    events = AuditEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [(e.actor_username, e.purpose) for e in events] == [
        ("erin", "referral prosecutor decision: decline"),
        ("erin", "prosecutor decision: decline"),
    ]
    assert WHY not in str([e.detail for e in events])  # the reason never reaches the audit


def test_it_lapses_first_a_referral_whose_window_passed_before_the_job_ran(world: World) -> None:
    referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    assert referral.status == Status.AWAITING_INTAKE  # the lapse job has not run
    before = AuditEvent.objects.count()
    _decide(referral, "decline", world)
    referral.refresh_from_db()
    assert referral.status == Status.NOT_FILED and referral.returned_at is not None
    events = AuditEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [(e.actor_username, e.purpose) for e in events] == [
        ("openlead-referrals", "referral returned to the prosecutor"),
        ("erin", "referral prosecutor decision: decline"),
        ("erin", "prosecutor decision: decline"),
    ]
