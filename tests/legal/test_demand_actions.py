"""Logging a legal demand and counsel's decision (openlead.legal.demands.actions):
refusals first, then what a decision may and may never do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.legal.demands import actions
from openlead.legal.demands.orders import REQUIRED
from openlead.legal.models import (
    CourtOrder,
    DecisionOutcome,
    DemandKind,
    DemandNotice,
    DemandStatus,
    LegalDemand,
    OrderSection,
)
from tests.conftest import World
from tests.legal.demands_helpers import disclose, log_demand, new_demand, order_data
from tests.legal.helpers import acting_as

pytestmark = pytest.mark.django_db(databases="__all__")

OUTSIDERS = ["dave", "erin", "frank", "otto", "gina", "una", "hank", "cora"]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_it_refuses_to_log_a_demand_outside_the_care_team(world: World, username: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.check_log_demand(
            world.people["own"], new_demand(), acting=acting_as(world, username)
        )
    assert not LegalDemand.objects.exists()
    assert AuditEvent.objects.filter(actor_username=username, outcome="denied").exists()


def test_it_refuses_to_log_a_demand_on_someone_outside_the_case_managers_caseload(
    world: World,
) -> None:
    with pytest.raises(PermissionDenied):
        actions.check_log_demand(
            world.people["same"], new_demand(), acting=acting_as(world, "alice")
        )


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("received_on", {"received_on": dt.date(2000, 1, 1)}),  # years before the window
        ("received_on", {"received_on": timezone.localdate() + dt.timedelta(days=1)}),
        ("due_on", {"due_on": timezone.localdate() - dt.timedelta(days=30)}),  # before received
        ("requester", {"requester": "  "}),
        ("summary", {"summary": "x" * (actions.SUMMARY_MAX + 1)}),
        ("kind", {"kind": "status_check"}),
    ],
)
def test_it_puts_each_bad_value_beside_its_field(
    world: World, field: str, change: dict[str, object]
) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.check_log_demand(
            world.people["own"], new_demand(**change), acting=acting_as(world, "alice")
        )
    assert field in refused.value.message_dict
    assert not LegalDemand.objects.exists()


def test_it_logs_a_demand_sealed_and_audited_and_discloses_nothing(world: World) -> None:
    demand = log_demand(world)
    assert demand.status == DemandStatus.OPEN
    assert b"attendance" not in bytes(demand.sealed_summary)
    event = AuditEvent.objects.filter(purpose="legal demand").latest("seq")
    assert event.action == "create" and event.person_ref == world.people["own"].public_id
    assert not AuditEvent.objects.filter(purpose="court order").exists()
    assert not DemandNotice.objects.exists()


@pytest.mark.parametrize("username", ["alice", "bob", "otto", "dave", "erin", "frank"])
def test_it_refuses_a_decision_from_anyone_but_a_program_admin(world: World, username: str) -> None:
    demand = log_demand(world, by="bob")
    data = actions.NewDecision(DecisionOutcome.DECLINE, "Counsel", "ADV-1", "Not an order.")
    with pytest.raises(PermissionDenied):
        actions.check_decide_demand(demand, data, acting=acting_as(world, username))
    demand.refresh_from_db()
    assert demand.status == DemandStatus.OPEN


def test_it_never_lets_the_person_who_logged_a_demand_decide_it(world: World) -> None:
    demand = log_demand(world, by="ada")
    data = actions.NewDecision(DecisionOutcome.DECLINE, "Counsel", "ADV-1", "Not an order.")
    with pytest.raises(PermissionDenied):
        actions.check_decide_demand(demand, data, acting=acting_as(world, "ada"))
    demand.refresh_from_db()
    assert demand.status == DemandStatus.OPEN
    assert AuditEvent.objects.filter(actor_username="ada", outcome="denied").exists()


@pytest.mark.parametrize("kind", [DemandKind.SUBPOENA, DemandKind.IMMIGRATION, DemandKind.OTHER])
def test_it_never_discloses_under_anything_but_a_court_order(world: World, kind: str) -> None:
    """A subpoena alone (42 CFR 2.61), or a request, however complete the order typed in."""
    demand = log_demand(world, kind=kind)
    with pytest.raises(ValidationError) as refused:
        disclose(demand, world)
    assert "outcome" in refused.value.message_dict
    assert not CourtOrder.objects.exists()
    assert not AuditEvent.objects.filter(purpose="court order").exists()


@pytest.mark.parametrize("section", list(OrderSection))
def test_it_refuses_an_order_missing_any_one_finding(world: World, section: str) -> None:
    demand = log_demand(world)
    for missing in REQUIRED[section]:
        findings = [f for f in REQUIRED[section] if f != missing]
        with pytest.raises(ValidationError) as refused:
            disclose(demand, world, order_data(section, findings=findings))
        assert "findings" in refused.value.message_dict, missing
    assert not CourtOrder.objects.exists()
    demand.refresh_from_db()
    assert demand.status == DemandStatus.OPEN


def test_it_keeps_a_criminal_order_to_objective_data(world: World) -> None:
    demand = log_demand(world)
    order = order_data(OrderSection.S265, scope_groups=["casework_notes", "legal"])
    with pytest.raises(ValidationError) as refused:
        disclose(demand, world, order)
    assert "scope_groups" in refused.value.message_dict


def test_it_needs_the_confidential_communications_finding_for_casework_notes(
    world: World,
) -> None:
    demand = log_demand(world)
    groups = ["casework_notes", "legal"]
    with pytest.raises(ValidationError) as refused:
        disclose(demand, world, order_data(scope_groups=groups))
    assert "findings" in refused.value.message_dict
    findings = [*REQUIRED[OrderSection.S264], "confidential"]
    disclose(demand, world, order_data(scope_groups=groups, findings=findings))
    assert CourtOrder.objects.get().scope_groups == groups


def test_it_refuses_a_second_decision_made_on_a_stale_copy(world: World) -> None:
    demand = log_demand(world)
    stale = LegalDemand.objects.get(pk=demand.pk)
    disclose(demand, world)
    with pytest.raises(ValidationError):
        disclose(stale, world)
    assert CourtOrder.objects.count() == 1


def test_it_refuses_an_order_dated_in_the_future_or_a_formula_recipient(world: World) -> None:
    demand = log_demand(world)
    later = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        disclose(demand, world, order_data(order_date=later, recipient="=HYPERLINK(1)"))
    assert {"order_date", "recipient"} <= set(refused.value.message_dict)


def test_it_needs_a_reason_to_decline(world: World) -> None:
    demand = log_demand(world, kind=DemandKind.SUBPOENA)
    data = actions.NewDecision(DecisionOutcome.DECLINE, "Counsel", "ADV-1", "")
    with pytest.raises(ValidationError) as refused:
        actions.check_decide_demand(demand, data, acting=acting_as(world, "ada"))
    assert "reason" in refused.value.message_dict


def test_it_declines_a_subpoena_with_nothing_disclosed(world: World) -> None:
    demand = log_demand(world, kind=DemandKind.SUBPOENA)
    data = actions.NewDecision(
        DecisionOutcome.DECLINE, "Counsel", "ADV-1", "A subpoena alone is not enough."
    )
    decision = actions.check_decide_demand(demand, data, acting=acting_as(world, "ada"))
    demand.refresh_from_db()
    assert demand.status == DemandStatus.DECLINED and decision.counsel_name == "Counsel"
    assert not AuditEvent.objects.filter(purpose="court order").exists()
    assert not DemandNotice.objects.exists()


def test_it_decides_a_demand_only_once(world: World) -> None:
    demand = log_demand(world)
    disclose(demand, world)
    demand.refresh_from_db()
    with pytest.raises(ValidationError):
        disclose(demand, world)
    assert CourtOrder.objects.count() == 1


def test_it_discloses_under_a_complete_order_with_one_audited_event(world: World) -> None:
    demand = log_demand(world)
    disclose(demand, world)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.DISCLOSED
    event = AuditEvent.objects.get(purpose="court order")
    assert event.action == "export" and event.field_groups == ["enrollment_status", "legal"]
    assert event.detail["disclosed_to"] == "Test County Superior Court clerk"
    assert event.detail["section"] == "2.64"
