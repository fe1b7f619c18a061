"""The idle limit and the absolute limit, 10 hours from login, on a frozen clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(databases="__all__")

START = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
# A signed-in page: `/` is a public page for a signed-out visitor (issue 14).
SIGNED_IN = "password_change"


def _logged_out(response: Any) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


def _log_in(client: Client) -> None:
    """Password and second factor, so that every later answer is the page itself."""
    from openlead.access.models import User
    from tests.mfa import log_in_with_mfa

    log_in_with_mfa(client, User.objects.get(username="alice"), PASSWORD)


def test_it_ends_a_busy_session_ten_hours_after_login(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        minutes, answers = 0, []
        while minutes < 12 * 60:
            clock.shift(dt.timedelta(minutes=5))
            minutes += 5
            response = client.get(reverse(SIGNED_IN))
            answers.append((minutes, response.status_code == 200))
            if _logged_out(response):
                break
    assert answers[-1] == (600, False)  # out at exactly 10 h, although active every 5 min
    assert all(ok for _, ok in answers[:-1]) and len(answers) == 120


def test_it_never_moves_the_stored_expiry_past_the_absolute_limit(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        for _ in range(12 * 6):  # twelve hours of requests every ten minutes
            clock.shift(dt.timedelta(minutes=10))
            client.get(reverse(SIGNED_IN))
        expiries = list(Session.objects.values_list("expire_date", flat=True))
    assert expiries and max(expiries) <= START + dt.timedelta(hours=10)


def test_it_ends_a_session_idle_for_fifteen_minutes(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        clock.shift(dt.timedelta(minutes=15))
        assert client.get(reverse(SIGNED_IN)).status_code == 200  # 15 minutes is still within
        clock.shift(dt.timedelta(minutes=15, seconds=1))
        assert _logged_out(client.get(reverse(SIGNED_IN)))
        # And the next request does not get the session back.
        assert _logged_out(client.get(reverse(SIGNED_IN)))


def test_it_ends_a_session_that_has_no_login_time(world: World) -> None:
    client = Client()
    _log_in(client)
    session = client.session
    del session["login_at"]
    session.save()
    assert _logged_out(client.get(reverse(SIGNED_IN)))


def test_it_keeps_a_fresh_session_working(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        clock.shift(dt.timedelta(hours=9, minutes=55))
        session = client.session
        session["last_seen"] = int((START + dt.timedelta(hours=9, minutes=50)).timestamp())
        session.save()
        assert client.get(reverse(SIGNED_IN)).status_code == 200


def _session_writes(client: Client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        assert client.get(reverse(SIGNED_IN)).status_code == 200
    return sum(
        1
        for q in seen.captured_queries
        if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    )


def test_it_writes_the_session_at_most_once_a_minute(world: World) -> None:
    # One UPDATE of the session row per request was a write, and a COMMIT, on every page.
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        clock.shift(dt.timedelta(seconds=61))
        assert _session_writes(client) == 1  # a minute on: last_seen moves
        clock.shift(dt.timedelta(seconds=20))
        assert _session_writes(client) == 0
        clock.shift(dt.timedelta(seconds=30))
        assert _session_writes(client) == 0
        clock.shift(dt.timedelta(seconds=15))
        assert _session_writes(client) == 1  # 65 s after the last write


def test_a_minute_of_requests_not_written_never_stretches_the_idle_limit(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        clock.shift(dt.timedelta(seconds=61))
        client.get(reverse(SIGNED_IN))  # written: last_seen is START + 61 s
        clock.shift(dt.timedelta(seconds=50))
        client.get(reverse(SIGNED_IN))  # not written
        # 15 min after the last write, 14 min 10 s after the last request: ended, early
        # rather than late (the limit's precision is the minute of TOUCH_SECONDS).
        clock.shift(dt.timedelta(minutes=14, seconds=11))
        assert _logged_out(client.get(reverse(SIGNED_IN)))
