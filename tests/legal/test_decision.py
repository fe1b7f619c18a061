"""The prosecutor's decision on a lapsed arrest referral (openlead.legal.actions): each
decision recorded, invalid ones refused, and never blocked by the lapse timer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.legal.actions import (
    Decision,
    check_record_prosecutor_decision,
    do_record_prosecutor_decision,
)
from openlead.referrals.actions import TransitionRefused, lapse_due
from openlead.referrals.clock import local_date
from openlead.referrals.models import Status
from tests.conftest import World
from tests.referrals.helpers import make_referral, returned_referral

pytestmark = pytest.mark.django_db(databases="__all__")

WHO = Actor.system("test")


def test_it_refuses_a_prosecutor_decision_while_the_window_is_open(world: World) -> None:
    referral = make_referral(world)
    with pytest.raises(TransitionRefused, match="only on a lapsed window"):
        do_record_prosecutor_decision(referral, Decision("file"), acting=WHO)


def test_it_records_each_prosecutor_decision(world: World) -> None:
    filed, declined, extended = (returned_referral(world) for _ in range(3))
    check_record_prosecutor_decision(filed, Decision("file"), acting=WHO)
    check_record_prosecutor_decision(declined, Decision("decline"), acting=WHO)
    new_day = timezone.localdate() + dt.timedelta(days=7)
    check_record_prosecutor_decision(extended, Decision("extend", new_day), acting=WHO)
    for referral in (filed, declined, extended):
        referral.refresh_from_db()
    assert (filed.status, declined.status, extended.status) == (
        Status.CHARGES_FILED,
        Status.NOT_FILED,
        Status.AWAITING_INTAKE,
    )
    assert local_date(extended.program, extended.intake_deadline) == new_day
    assert lapse_due() == 0  # the new deadline is in the future


def test_it_refuses_an_extension_without_a_future_day(world: World) -> None:
    referral = returned_referral(world)
    for day in (None, timezone.localdate() - dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            check_record_prosecutor_decision(referral, Decision("extend", day), acting=WHO)
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED


def test_it_lapses_first_a_referral_whose_window_passed_before_the_job_ran(world: World) -> None:
    referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    assert referral.status == Status.AWAITING_INTAKE  # the lapse job has not run
    before = AuditEvent.objects.count()
    check_record_prosecutor_decision(referral, Decision("decline"), acting=WHO)
    referral.refresh_from_db()
    assert referral.status == Status.NOT_FILED and referral.returned_at is not None
    events = AuditEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [(e.actor_username, e.purpose) for e in events] == [
        ("openlead-referrals", "referral returned to the prosecutor"),
        ("test", "referral prosecutor decision: decline"),
    ]
