"""My caseload costs the same few queries for 5 people as for 25, filtered, sorted or searched."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.casework import actions
from openlead.people.actions import do_record_consent
from tests.access.test_exfiltration import make_people
from tests.casework.conftest import Casework, street_contact
from tests.casework.test_court_dates import court_date_soon
from tests.conftest import program_today

pytestmark = pytest.mark.django_db(databases="__all__")
URL = "/casework/"
REQUESTS: list[tuple[str, dict[str, str]]] = [
    ("get", {}),
    ("get", {"sort": "name"}),
    ("get", {"no_contact": "7", "due": "on", "consent": "on", "sort": "next_appointment"}),
    ("get", {"status": "active", "sort": "referral"}),
    ("post", {"q": "test person", "sort": "name"}),
]
# 13 on every signed-in page (session, user, device, membership, savepoints, the audit
# event and the session's save), then the page's own: settings, count, rows, keys and,
# when narrowed, the whole caseload's count; a search or name sort reads the names first.
MOST = 20
# PostgreSQL takes the audit chain's advisory lock (access/chain.py) as one more query.
PG_AUDIT_LOCK_QUERIES = 1


def _busy_caseload(cw: Casework, count: int) -> None:
    """`count` more people on alice's caseload, each with contacts, a booking, a court date
    and a release."""
    today = program_today(cw.world.programs["demo"])
    for i, person in enumerate(make_people(cw.world, count)):
        actions.do_enroll(person, case_manager=cw.world.users["alice"], acting=cw.acting)
        for days in (3, 12):
            street_contact(cw, person, days + i)
        actions.do_add_appointment(
            person,
            acting=cw.acting,
            kind="court",
            provider=None,
            starts_at=timezone.now() + dt.timedelta(days=1 + i),
            note="",
        )
        court_date_soon(person, days=2 + i % 4)
        do_record_consent(
            person,
            acting=Actor.system("test"),
            field_groups=["enrollment_status"],
            starts_on=today - dt.timedelta(days=10),
            expires_on=today + dt.timedelta(days=5 + i),
            role="police_officer",
        )


def _counts(client: Any) -> list[int]:
    # The session's `last_seen` is written on the first request after login and then at
    # most once a minute (access/middleware.py): one unmeasured request takes that write,
    # so the counts compare the page's own queries, however long the setup took.
    assert client.get(URL).status_code == 200
    counts = []
    for method, data in REQUESTS:
        with ExitStack() as stack:
            captured = [
                stack.enter_context(CaptureQueriesContext(connections[alias]))
                for alias in connections
            ]
            response = getattr(client, method)(URL, data)
        assert response.status_code == 200, (method, data)
        counts.append(sum(len(c) for c in captured))
    return counts


def test_it_reads_a_page_of_5_or_25_people_in_the_same_few_queries(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    _busy_caseload(cw, 4)  # 5 with "own"
    small = _counts(client)
    _busy_caseload(cw, 20)  # 25
    large = _counts(client)
    assert small == large, list(zip(REQUESTS, small, large, strict=True))
    from django.db import connection

    most = MOST + (PG_AUDIT_LOCK_QUERIES if connection.vendor == "postgresql" else 0)
    assert max(large) <= most, large


def test_it_shows_25_rows_at_most_and_a_programs_supervisor_only_their_own(
    cw: Casework, client: Any
) -> None:
    _busy_caseload(cw, 29)
    client.force_login(cw.world.users["alice"])
    page = client.post(URL, {"q": "test"}).content.decode()
    assert page.count('class="cl-name"') == 25 and "1-25 of 29" in page
    assert 'name="page" value="2"' in page  # the next page re-posts the search
    page = client.post(URL, {"q": "test", "page": "2"}).content.decode()
    assert page.count('class="cl-name"') == 4 and "26-29 of 29" in page
    client.force_login(cw.world.users["bob"])  # program-wide scope, nobody assigned to him
    page = client.get(URL).content.decode()
    assert "My caseload (0)" in page and "No one is assigned to you yet" in page
