"""Every list page reads 5 rows and 25 rows in the same number of queries (issue 16).

A page whose count grows with its rows (one data-key SELECT per person, one lookup per
row's relation) costs a statewide program a query per row on every load. Each page here
is loaded with 5 and then 25 of its rows showing, counting the queries on both databases
(the key store included), and the two counts must be equal. The caseload has its own,
finer test (tests/casework/test_caseload_queries.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import Membership
from openlead.casework import actions
from openlead.legal.models import LegalCase
from openlead.people.actions import do_record_consent
from tests.access.test_exfiltration import make_people
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def _people(world: World, count: int) -> None:
    """`count` people on alice's caseload, enrolled, each with a pending case defended by
    frank and a release to the prosecutor's and the defender's offices (erin, frank)."""
    acting = Actor.system("fixture")
    today = dt.date.today()
    for person in make_people(world, count):
        actions.do_enroll(person, case_manager=world.users["alice"], acting=acting)
        for org in ("prosecutor", "defender"):
            do_record_consent(
                person,
                acting=acting,
                field_groups=["enrollment_status", "legal", "identity"],
                starts_on=today - dt.timedelta(days=10),
                expires_on=today + dt.timedelta(days=300),
                organization_id=world.orgs[org].pk,
                purpose="test ROI",
            )
        LegalCase.objects.create(
            defender=world.users["frank"],
            program=person.program,
            person=person,
            jurisdiction="Test County District Court",
            case_number=f"TC-{person.public_id}",
            prosecutor_office=world.orgs["prosecutor"],
            opened_on=dt.date(2026, 11, 1),
        )


def _referrals(world: World, count: int) -> None:
    now = timezone.now()
    for i in range(count):
        # 29 days old: still waiting for an intake, so on the intake clock too
        at = now - dt.timedelta(days=29, minutes=i)
        make_referral(world, at=at, name=f"Test Referral {i}")


PAGES: list[tuple[str, str, Callable[[World, int], None]]] = [
    ("bob", "people_list", _people),
    ("alice", "people_list", _people),
    ("alice", "casework_caseload", _people),
    ("bob", "casework_supervisor", _people),
    ("erin", "legal_cases", _people),
    ("frank", "defense_clients", _people),
    ("dave", "referral_list", _referrals),
    ("bob", "referral_list", _referrals),
    ("bob", "referral_clock", _referrals),
]


def _queries(client: Any, url: str) -> tuple[int, str]:
    with ExitStack() as stack:
        captured = [stack.enter_context(CaptureQueriesContext(connections[a])) for a in connections]
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(len(c) for c in captured), response.content.decode()


def _rows(page: str) -> int:
    """Distinct links on the page: each row links to its own person, referral or case."""
    return len(set(re.findall(r'href="([^"]+)"', page)))


@pytest.mark.parametrize(("username", "name", "rows"), PAGES)
def test_a_list_page_reads_5_or_25_rows_in_the_same_queries(
    world: World, client: Any, username: str, name: str, rows: Callable[[World, int], None]
) -> None:
    client.force_login(world.users[username])
    url = reverse(name)
    assert Membership.objects.filter(user=world.users[username]).exists()
    rows(world, 5)
    client.get(url)  # warm the per-process caches (settings, content types)
    five, page5 = _queries(client, url)
    rows(world, 20)
    twenty_five, page25 = _queries(client, url)
    assert _rows(page25) >= _rows(page5) + 5, "the new rows did not reach the page"
    assert twenty_five == five, (
        f"{name} as {username}: {five} queries at 5 rows, {twenty_five} at 25"
    )
