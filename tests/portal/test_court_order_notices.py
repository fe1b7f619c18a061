"""A court-ordered disclosure reaches the participant's own page of what was shared, from
the day the order lets them be told, and never another participant's (issue 14, item 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.legal.demands_helpers import disclose, log_demand, order_data

pytestmark = pytest.mark.django_db(databases="__all__")

COURT = "Test County Superior Court clerk"


def _page(client: Any, world: World, user: str = "pia") -> str:
    client.force_login(world.users[user])
    response = client.get(reverse("portal_disclosures"))
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_tells_no_other_participant(world: World, client: Any) -> None:
    from tests.conftest import _add_participant

    disclose(log_demand(world), world, order_data())  # about "own", pia's person
    _add_participant(world, "quinn", "same")
    assert COURT not in _page(client, world, "quinn")


def test_it_lists_the_court_order_on_the_participants_page(world: World, client: Any) -> None:
    disclose(log_demand(world), world, order_data())
    page = _page(client, world)
    assert "Shared because a court ordered it" in page and COURT in page


def test_it_waits_for_the_day_the_order_allows(world: World, client: Any) -> None:
    hold = timezone.localdate() + dt.timedelta(days=10)
    disclose(log_demand(world), world, order_data(do_not_notify_until=hold))
    assert COURT not in _page(client, world)  # neither the notice nor the accounting row
    client.force_login(world.users["pia"])
    download = client.get(reverse("portal_download", kwargs={"fmt": "json"}))
    assert download.status_code == 200 and b"disclosures" in download.content
    assert COURT not in download.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(days=11), tick=False):
        assert COURT in _page(client, world)
