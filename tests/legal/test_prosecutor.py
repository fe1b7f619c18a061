"""Prosecutors see the arrests returned to them (lapsed windows) and record decisions
(openlead.legal's queue and decision pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.referrals.actions import lapse_due
from openlead.referrals.models import Referral, Status
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_refuses_the_decision_to_the_officer_and_the_case_manager(
    world: World, login: Any
) -> None:
    referral = make_referral(
        world, at=timezone.now() - dt.timedelta(days=40), answers={"report_number": "R-77"}
    )
    lapse_due(program_id=referral.program_id)  # the job, no longer a page view
    url = reverse("referral_decision", args=[referral.public_id])
    assert login("dave").post(url, {"decision": "file", "reason": "r"}).status_code == 403
    assert login("alice").post(url, {"decision": "file", "reason": "r"}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED


def test_it_lists_only_returned_referrals_for_the_prosecutor(world: World, login: Any) -> None:
    lapsed = make_referral(
        world, at=timezone.now() - dt.timedelta(days=40), answers={"report_number": "R-77"}
    )
    open_one = make_referral(world)
    client = login("erin")
    listing = client.get(reverse("referral_list")).content.decode()
    assert lapsed.public_id in listing and open_one.public_id not in listing
    assert client.get(reverse("referral_detail", args=[open_one.public_id])).status_code == 404
    page = client.get(reverse("referral_detail", args=[lapsed.public_id])).content.decode()
    assert "R-77" in page and "Record decision" in page
    assert "Screening:" not in page and "Fake Person" not in page  # no facts, no reasons, no name


def test_it_records_an_extension_with_a_new_deadline(world: World, login: Any) -> None:
    referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    client = login("erin")
    lapse_due(program_id=referral.program_id)
    url = reverse("referral_decision", args=[referral.public_id])
    why = {"reason": "Intake is booked."}
    assert client.post(url, {"decision": "extend", **why}).status_code == 400  # no new day
    new_day = (timezone.now() + dt.timedelta(days=10)).date()
    posted = {"decision": "extend", "new_deadline": new_day.isoformat(), **why}
    assert client.post(url, posted).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.AWAITING_INTAKE and referral.prosecutor_decision == "extend"
    # Back in the window, it leaves the prosecutor's list only when a decision closes it.
    refused = client.post(url, {"decision": "file", **why})
    assert refused.status_code == 409 and "already decided" in refused.content.decode()


def test_it_shows_a_passed_window_as_returned_before_the_job_and_writes_nothing_on_get(
    world: World, login: Any
) -> None:
    lapsed = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    before = list(Referral.objects.order_by("pk").values())
    erin = login("erin")
    listing = erin.get(reverse("referral_list")).content.decode()
    assert lapsed.public_id in listing and "Returned to the prosecutor" in listing
    page = erin.get(reverse("referral_detail", args=[lapsed.public_id])).content.decode()
    assert "Returned to the prosecutor" in page and "Record decision" in page
    otto = login("otto")
    assert otto.get(reverse("referral_clock")).status_code == 200
    assert otto.get(reverse("referral_list")).status_code == 200
    assert list(Referral.objects.order_by("pk").values()) == before  # no GET moved a referral


def test_it_records_a_decision_before_the_lapse_job_has_run(world: World, login: Any) -> None:
    referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    url = reverse("referral_decision", args=[referral.public_id])
    assert (
        login("erin").post(url, {"decision": "file", "reason": "Declined LEAD."}).status_code == 302
    )
    referral.refresh_from_db()
    assert referral.status == Status.CHARGES_FILED and referral.returned_at is not None
