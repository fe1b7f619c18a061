"""Funds decisions: no self-approval, the over-budget rule, a second approver, and the 409 page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditEvent
from openlead.casework import actions, queries
from openlead.casework.models import CaseworkSettings, FundsBudget, FundsEntry
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(cw: Casework) -> str:
    return reverse("casework_funds_decide", kwargs={"public_id": cw.world.people["own"].public_id})


def _settings(cw: Casework, **values: Any) -> None:
    queries.settings_for(cw.world.programs["demo"])  # the row, before updating it
    CaseworkSettings.objects.filter(program=cw.world.programs["demo"]).update(**values)


def _request(cw: Casework, cents: int, by: str = "alice") -> FundsEntry:
    return actions.check_request_funds(
        cw.world.people["own"],
        acting=cw.acting_for(by),
        category="rent",
        payee_type="vendor",
        amount_cents=cents,
    )


def _budget(cw: Casework, cents: int) -> None:
    today = dt.date.today()
    FundsBudget.objects.create(
        program=cw.world.programs["demo"],
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(month=12, day=31),
        amount_cents=cents,
    )


def _denied(reason: str) -> int:
    return AuditEvent.objects.filter(outcome="denied", detail__refused=reason).count()


def test_it_refuses_a_supervisor_approving_their_own_request(cw: Casework, client: Any) -> None:
    entry = _request(cw, 25_000, by="bob")
    client.force_login(cw.world.users["bob"])
    response = client.post(_url(cw), {"entry": entry.public_id, "decision": "approve"})
    assert response.status_code == 400
    assert "You asked for these funds, so another supervisor decides on them." in (
        response.content.decode()
    )
    entry.refresh_from_db()
    assert (entry.status, entry.approved_by) == ("requested", None)
    assert _denied("self-approval") == 1
    client.force_login(cw.world.users["ada"])
    assert (
        client.post(_url(cw), {"entry": entry.public_id, "decision": "approve"}).status_code == 302
    )
    entry.refresh_from_db()
    assert (entry.status, entry.approved_by) == ("approved", cw.world.users["ada"])


def test_it_refuses_an_approval_above_the_budget_by_default(cw: Casework) -> None:
    _budget(cw, 50_000)
    _settings(cw, funds_approval_threshold_cents=100_000)
    actions.do_pay_funds(_request(cw, 30_000), acting=cw.acting)  # approved at once
    _settings(cw, funds_approval_threshold_cents=1_000)
    entry = _request(cw, 25_000)
    with pytest.raises(ValidationError, match=r"spend to \$550.00, above the budget of \$500.00"):
        actions.do_decide_funds(entry, approve=True, acting=cw.acting_for("bob"))
    entry.refresh_from_db()
    assert (entry.status, entry.first_approved_by) == ("requested", None)
    assert _denied("over budget") == 1
    small = _request(cw, 20_000)  # 30,000 paid + 20,000 = the budget exactly: allowed
    actions.do_decide_funds(small, approve=True, acting=cw.acting_for("bob"))
    assert FundsEntry.objects.get(pk=small.pk).status == "approved"


def test_it_holds_an_over_budget_approval_for_a_second_supervisor(cw: Casework) -> None:
    _budget(cw, 10_000)
    _settings(cw, over_budget_rule="second_approver")
    entry = _request(cw, 25_000)
    bob, ada = cw.world.users["bob"], cw.world.users["ada"]
    first = actions.do_decide_funds(entry, approve=True, acting=cw.acting_for("bob"))
    assert (first.status, first.first_approved_by, first.approved_by) == ("requested", bob, None)
    with pytest.raises(ValidationError, match="a different supervisor gives the second approval"):
        actions.do_decide_funds(first, approve=True, acting=cw.acting_for("bob"))
    assert _denied("second approval by the same supervisor") == 1
    second = actions.do_decide_funds(first, approve=True, acting=cw.acting_for("ada"))
    assert (second.status, second.first_approved_by, second.approved_by) == ("approved", bob, ada)


def test_it_waits_for_a_supervisor_when_an_at_once_approval_would_pass_the_budget(
    cw: Casework,
) -> None:
    _budget(cw, 10_000)
    _settings(cw, funds_approval_threshold_cents=100_000)
    assert _request(cw, 8_000).status == "approved"
    assert _request(cw, 3_000).status == "requested"  # 8,000 + 3,000 > 10,000


def test_it_raises_stale_write_for_a_decision_on_a_state_that_moved(cw: Casework) -> None:
    _settings(cw, funds_approval_threshold_cents=1_000)
    entry = _request(cw, 25_000)
    stale = FundsEntry.objects.get(pk=entry.pk)
    actions.do_decide_funds(entry, approve=True, acting=cw.acting_for("bob"))
    with pytest.raises(StaleWrite) as raised:
        actions.do_decide_funds(stale, approve=False, acting=cw.acting_for("ada"))
    assert raised.value.current["Status"] == "Approved"
    assert raised.value.attempted["Status"] == "Not approved"
    assert FundsEntry.objects.get(pk=entry.pk).status == "approved"


def test_it_shows_the_loser_a_409_with_both_versions(cw: Casework, client: Any) -> None:
    _settings(cw, funds_approval_threshold_cents=1_000)
    entry = _request(cw, 25_000)
    data = {"entry": entry.public_id, "seen": "requested"}
    client.force_login(cw.world.users["bob"])
    assert client.post(_url(cw), {**data, "decision": "approve"}).status_code == 302
    client.force_login(cw.world.users["ada"])  # her page still showed "requested"
    response = client.post(_url(cw), {**data, "decision": "decline"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this first" in page
    assert "<td>Approved</td>" in page and "<td>Do not approve</td>" in page
    assert "Use the current version" in page
    assert FundsEntry.objects.get(pk=entry.pk).status == "approved"
    conflict = AuditEvent.objects.filter(
        actor_username="ada", outcome="denied", purpose__endswith="someone else changed it first"
    )
    assert conflict.count() == 1
