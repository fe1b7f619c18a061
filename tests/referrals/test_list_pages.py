"""Referral lists come 25 to a page (issue 12); each page's audit event names only its rows."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def _referrals(page: str) -> list[str]:
    skip = {"new", "intake-clock"}  # the menu's links, not referrals
    return [r for r in re.findall(r'href="/referrals/([^/"]+)/"', page) if r not in skip]


def _last(purpose: str) -> AuditEvent:
    event = AuditEvent.objects.filter(purpose=purpose).order_by("-seq").first()
    assert event is not None
    return event


def test_it_pages_the_officers_referrals_25_at_a_time(world: World, login: Any) -> None:
    now = timezone.now()
    for i in range(27):
        make_referral(world, at=now - dt.timedelta(minutes=i), name=f"Test Referral {i}")
    first = login("dave").get(reverse("referral_list")).content.decode()
    assert "1-25 of 27" in first and "?page=2" in first
    assert len(_referrals(first)) == 25
    assert _last("referral list").detail["referrals"] == _referrals(first)
    second = login("dave").get(reverse("referral_list"), {"page": "2"}).content.decode()
    assert "26-27 of 27" in second and len(_referrals(second)) == 2
    assert _last("referral list").detail["referrals"] == _referrals(second)
    assert not set(_referrals(first)) & set(_referrals(second))


@pytest.mark.parametrize(("raw", "label"), [("0", "26-27"), ("-1", "26-27"), ("x", "1-25")])
def test_it_answers_a_bad_referral_page_with_the_first_or_last(
    world: World, login: Any, raw: str, label: str
) -> None:
    now = timezone.now()
    for i in range(27):
        make_referral(world, at=now - dt.timedelta(minutes=i))
    response = login("bob").get(reverse("referral_list"), {"page": raw})
    assert response.status_code == 200 and f"{label} of 27" in response.content.decode()


def test_it_pages_the_intake_clock_and_counts_every_waiting_referral(
    world: World, login: Any
) -> None:
    now = timezone.now()
    for i in range(26):
        make_referral(world, at=now - dt.timedelta(days=29, minutes=i))  # all due soon
    page = login("otto").get(reverse("referral_clock")).content.decode()
    assert "Due in the next two days (26)" in page and "1-25 of 26" in page
    assert len(_referrals(page)) == 25
    assert len(_last("intake clock").detail["referrals"]) == 25
    last = login("otto").get(reverse("referral_clock"), {"page": "2"}).content.decode()
    assert "26-26 of 26" in last and len(_referrals(last)) == 1
