"""The prosecutor's extension (issue 11): within the intake window from today, and each
error once, beside its field (it once accepted 2099-12-31 and said 'Choose file, decline
or extend.' twice for a bad date)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.referrals.actions import lapse_due
from openlead.referrals.models import Status
from tests.conftest import World, program_today
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def _returned(world: World) -> Any:
    referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    lapse_due(program_id=referral.program_id)
    return referral


@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("2099-12-31", "The new last day can be at most"),
        ("1800-01-01", "The new last day must be after today"),
        ("not a date", "Enter the new last day as a date"),
        ("", "Give the new last day for intake."),
    ],
)
def test_it_refuses_an_extension_outside_the_window_once_beside_the_field(
    world: World, login: Any, day: str, error: str
) -> None:
    referral = _returned(world)
    url = reverse("referral_decision", args=[referral.public_id])
    response = login("erin").post(
        url, {"decision": "extend", "new_deadline": day, "reason": "More time to reach them."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count(error) == 1
    assert "Choose file, decline" not in page
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED


def test_it_refuses_a_missing_decision_once(world: World, login: Any) -> None:
    referral = _returned(world)
    url = reverse("referral_decision", args=[referral.public_id])
    response = login("erin").post(url, {"decision": "postpone", "reason": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Choose file, decline, hold in abeyance or extend.") == 1


def test_it_refuses_a_missing_reason_once_beside_its_field(world: World, login: Any) -> None:
    referral = _returned(world)
    url = reverse("referral_decision", args=[referral.public_id])
    response = login("erin").post(url, {"decision": "file", "reason": ""})
    assert response.status_code == 400
    assert response.content.decode().count("Give the reason for this decision.") == 1
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED


def test_it_records_an_extension_on_the_last_day_of_the_window(world: World, login: Any) -> None:
    referral = _returned(world)
    last = program_today(world.programs["demo"]) + dt.timedelta(days=30)
    url = reverse("referral_decision", args=[referral.public_id])
    response = login("erin").post(
        url, {"decision": "extend", "new_deadline": last.isoformat(), "reason": "Intake is booked."}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("prosecutor_referral", args=[referral.public_id])
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_INTAKE
