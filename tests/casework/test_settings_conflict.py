"""Casework settings: the over-budget rule on the page, and a stale version is a 409."""

from __future__ import annotations

import re
from typing import Any

import pytest

from openlead.casework.queries import settings_for
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")
URL = "/casework/settings/"


def _post(client: Any, version: int, **changes: str) -> Any:
    data = {"form": "settings", "threshold": "100.00", "no_contact_days": "30", "due_day": "10"}
    return client.post(URL, {**data, "version": str(version), **changes})


def test_it_refuses_the_rule_to_case_managers(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    assert _post(client, 1, over_budget="second_approver").status_code == 403
    assert settings_for(cw.world.programs["demo"]).over_budget_rule == "refuse"


def test_it_shows_and_saves_the_over_budget_rule(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["bob"])
    page = client.get(URL).content.decode()
    assert "An approval that would pass the budget" in page
    assert "Needs a second supervisor&#x27;s approval" in page
    assert _post(client, 1, over_budget="second_approver").status_code == 302
    settings = settings_for(cw.world.programs["demo"])
    assert (settings.over_budget_rule, settings.version) == ("second_approver", 2)


def test_it_shows_a_409_with_both_versions_for_a_stale_save(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["bob"])
    assert _post(client, 1, threshold="150.00").status_code == 302
    client.force_login(cw.world.users["ada"])  # her page was loaded at version 1
    stale = _post(client, 1, threshold="75.00")
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "<td>$150.00</td>" in body and "<td>$75.00</td>" in body
    assert settings_for(cw.world.programs["demo"]).funds_approval_threshold_cents == 15_000
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body))
    assert (hidden["version"], hidden["threshold"], hidden["form"]) == ("2", "75.00", "settings")
    assert client.post(URL, hidden).status_code == 302
    settings = settings_for(cw.world.programs["demo"])
    assert (settings.funds_approval_threshold_cents, settings.version) == (7_500, 3)
