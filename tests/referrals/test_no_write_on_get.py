"""No referral page writes on a GET (issue 10): a passed window is shown as lapsed, and
only the lapse job (`openlead referrals lapse`) or a decision marks it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.referrals.models import Referral, Status
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.mark.parametrize("user", ["dave", "otto", "bob", "erin"])
def test_it_changes_no_referral_row_on_any_get(world: World, login: Any, user: str) -> None:
    lapsed = make_referral(world, at=timezone.now() - dt.timedelta(days=40), name="Past Window")
    waiting = make_referral(world)
    before = list(Referral.objects.order_by("pk").values())
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    client = login(user)
    for url in (
        reverse("referral_list"),
        reverse("referral_clock"),
        reverse("referral_detail", args=[lapsed.public_id]),
        reverse("referral_detail", args=[waiting.public_id]),
    ):
        client.get(url)
    assert list(Referral.objects.order_by("pk").values()) == before
    written = AuditEvent.objects.filter(seq__gt=seq).exclude(action__in=["login", "logout"])
    # Reads only; the page's duplicate check (people.matching) is an audited search.
    assert set(written.values_list("action", flat=True)) <= {"read", "list", "search"}


def test_it_shows_the_workgroup_a_passed_window_as_returned_before_the_job(
    world: World, login: Any
) -> None:
    lapsed = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    client = login("bob")
    page = client.get(reverse("referral_detail", args=[lapsed.public_id])).content.decode()
    assert "Returned to the prosecutor" in page and "Intake complete" not in page
    listing = client.get(reverse("referral_list")).content.decode()
    assert "Returned to the prosecutor" in listing
    lapsed.refresh_from_db()
    assert lapsed.status == Status.AWAITING_INTAKE  # stored as it was until the job runs


def test_it_tells_the_officer_it_went_back_to_the_prosecutor_once_the_window_passed(
    world: World, login: Any
) -> None:
    lapsed = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    page = login("dave").get(reverse("referral_list")).content.decode()
    # The care team's words (shown_status), before the lapse job has marked it.
    assert lapsed.public_id in page and "Returned to the prosecutor" in page
