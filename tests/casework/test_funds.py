"""Flexible funds: approval above the program threshold, no deletes, reversals, budget spend."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from openlead.casework import actions, queries
from openlead.casework.models import FundsBudget, FundsEntry, LedgerDeleteError
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(cw: Casework, name: str = "casework_funds_request") -> str:
    return reverse(name, kwargs={"public_id": cw.world.people["own"].public_id})


def _threshold(cw: Casework, cents: int) -> None:
    settings = queries.settings_for(cw.world.programs["demo"])
    settings.funds_approval_threshold_cents = cents
    settings.save(update_fields=["funds_approval_threshold_cents"])


def _request(cw: Casework, cents: int, category: str = "motel") -> FundsEntry:
    return actions.check_request_funds(
        cw.world.people["own"],
        acting=cw.acting_for("alice"),
        category=category,
        payee_type="vendor",
        amount_cents=cents,
    )


@pytest.mark.parametrize("username", ["dave", "erin", "gina", "hank", "otto"])
def test_it_never_shows_funds_to_enforcement_evaluators_or_sysadmin(
    cw: Casework, client: Any, username: str
) -> None:
    client.force_login(cw.world.users[username])
    data = {"category": "food", "payee_type": "vendor", "amount": "20.00"}
    assert client.post(_url(cw), data).status_code in (403, 404)
    assert client.get(reverse("casework_supervisor")).status_code == 403
    assert not FundsEntry.objects.exists()


def test_it_approves_at_the_threshold_and_holds_above_it(cw: Casework, client: Any) -> None:
    _threshold(cw, 10_000)
    client.force_login(cw.world.users["alice"])
    client.post(_url(cw), {"category": "food", "payee_type": "vendor", "amount": "100.00"})
    client.post(_url(cw), {"category": "motel", "payee_type": "vendor", "amount": "100.01"})
    statuses = dict(FundsEntry.objects.values_list("amount_cents", "status"))
    assert statuses == {10_000: "approved", 10_001: "requested"}


def test_it_lets_only_a_supervisor_approve(cw: Casework, client: Any) -> None:
    _threshold(cw, 1000)
    entry = _request(cw, 25_000)
    client.force_login(cw.world.users["alice"])
    decide = {"entry": entry.public_id, "decision": "approve"}
    assert client.post(_url(cw, "casework_funds_decide"), decide).status_code == 403
    assert (
        client.post(_url(cw, "casework_funds_decide"), {**decide, "decision": "pay"}).status_code
        == 400
    )
    with pytest.raises(PermissionDenied):
        actions.do_decide_funds(entry, approve=True, acting=cw.acting_for("alice"))
    client.force_login(cw.world.users["bob"])
    assert client.post(_url(cw, "casework_funds_decide"), decide).status_code == 302
    client.force_login(cw.world.users["alice"])
    assert (
        client.post(_url(cw, "casework_funds_decide"), {**decide, "decision": "pay"}).status_code
        == 302
    )
    entry.refresh_from_db()
    assert (entry.status, entry.approved_by, entry.paid_by) == (
        "paid",
        cw.world.users["bob"],
        cw.world.users["alice"],
    )


def test_it_never_deletes_an_entry(cw: Casework) -> None:
    entry = _request(cw, 500)
    with pytest.raises(LedgerDeleteError):
        entry.delete()
    with pytest.raises(LedgerDeleteError):
        FundsEntry.objects.all().delete()
    assert FundsEntry.objects.count() == 1


def test_it_corrects_with_a_reversing_entry_that_nets_to_zero(cw: Casework) -> None:
    entry = actions.do_pay_funds(_request(cw, 4_250), acting=cw.acting)
    reversal = actions.do_reverse_funds(entry, acting=cw.acting_for("bob"))
    assert reversal.amount_cents == -4_250 and reversal.reverses == entry
    assert queries.budget_spend(cw.world.programs["demo"].pk).spent_cents == 0
    with pytest.raises(ValidationError):
        actions.do_reverse_funds(entry, acting=cw.acting)
    with pytest.raises(ValidationError):
        actions.do_reverse_funds(reversal, acting=cw.acting)


def test_it_reports_spend_by_month_and_category_on_a_known_ledger(cw: Casework) -> None:
    _threshold(cw, 1_000_000)
    program = cw.world.programs["demo"]
    FundsBudget.objects.create(
        program=program,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        amount_cents=100_000,
    )
    rows = [
        (dt.date(2026, 1, 5), "motel", 6_000),
        (dt.date(2026, 1, 20), "food", 1_500),
        (dt.date(2026, 2, 3), "motel", 12_000),
        (dt.date(2026, 2, 28), "id_fees", 2_500),
        (dt.date(2025, 12, 31), "motel", 9_999),
    ]  # outside the budget period
    paid = [
        actions.do_pay_funds(_request(cw, cents, cat), acting=cw.acting, paid_on=on)
        for on, cat, cents in rows
    ]
    actions.do_reverse_funds(
        paid[2], acting=cw.acting, on=dt.date(2026, 3, 1)
    )  # Feb motel reversed in March
    _request(cw, 700)  # approved, not paid: pending, not spent
    spend = queries.budget_spend(program.pk, today=dt.date(2026, 3, 15))
    assert spend.by_month == {"2026-01": 7_500, "2026-02": 14_500, "2026-03": -12_000}
    assert spend.by_category == {"motel": 6_000, "food": 1_500, "id_fees": 2_500}
    shown = queries.money_summary(spend)  # the dashboard shows labels, never codes
    assert [m for m, _ in shown["by_month"]] == ["January 2026", "February 2026", "March 2026"]
    assert [c for c, _ in shown["by_category"]] == ["Motel", "Food", "ID fees"]
    assert (spend.budget_cents, spend.spent_cents, spend.remaining_cents, spend.pending_cents) == (
        100_000,
        10_000,
        90_000,
        700,
    )


def test_it_encrypts_the_purpose(cw: Casework, client: Any) -> None:
    marker = cw.canary("funds-purpose")
    client.force_login(cw.world.users["alice"])
    client.post(
        _url(cw), {"category": "phone", "payee_type": "vendor", "amount": "30", "purpose": marker}
    )
    entry = FundsEntry.objects.get()
    assert marker.encode() not in bytes(entry.purpose)
    page = client.get(
        reverse("casework_person", kwargs={"public_id": cw.world.people["own"].public_id})
    )
    assert marker in page.content.decode()


def test_it_keeps_the_books_when_a_person_is_crypto_shredded(cw: Casework) -> None:
    from openlead.access.acting import Actor
    from openlead.casework import actions
    from openlead.people.actions import do_delete_person, do_record_consent
    from tests.casework.conftest import seed_canaries

    seed_canaries(cw, "own")
    person = cw.world.people["own"]
    do_record_consent(
        person,
        acting=Actor.from_who(cw.who),
        field_groups=["casework_notes"],
        starts_on=dt.date.today(),
        expires_on=None,
        organization_id=cw.providers["housing"].organization_id,
    )
    actions.check_send_link(person, cw.providers["housing"], acting=cw.acting)
    paid = actions.do_pay_funds(_request(cw, 1_234), acting=cw.acting)
    do_delete_person(person, acting=Actor.from_who(cw.who), reason="participant asked")
    paid.refresh_from_db()
    assert paid.person is None and paid.amount_cents == 1_234
    assert FundsEntry.objects.count() == 2
