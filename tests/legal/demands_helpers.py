"""Legal demands for the tests, made through the real actions: one place that builds them
for the matrix, the canary scan and the demand tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openlead.legal.demands import actions
from openlead.legal.demands.orders import REQUIRED
from openlead.legal.models import DecisionOutcome, DemandKind, LegalDemand, OrderSection
from tests.conftest import World
from tests.legal.helpers import acting_as

SUMMARY = "Asks for every record of the person named, with attendance dates."


def new_demand(kind: str = DemandKind.COURT_ORDER, **changes: Any) -> actions.NewDemand:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "kind": kind,
        "requester": "Test County Superior Court",
        "received_on": today - dt.timedelta(days=2),
        "due_on": today + dt.timedelta(days=12),
        "reference": "TC-26-0042",
        "copy_reference": "Locked cabinet, legal drawer",
        "summary": SUMMARY,
    }
    fields.update(changes)
    return actions.NewDemand(**fields)


def log_demand(
    world: World, key: str = "own", *, by: str = "alice", kind: str = DemandKind.COURT_ORDER
) -> LegalDemand:
    return actions.check_log_demand(
        world.people[key], new_demand(kind), acting=acting_as(world, by)
    )


def order_data(section: str = OrderSection.S264, **changes: Any) -> actions.OrderData:
    fields: dict[str, Any] = {
        "section": section,
        "order_date": timezone.localdate() - dt.timedelta(days=1),
        "court": "Test County Superior Court",
        "judge": "Judge Testperson",
        "case_number": "26-2-01234-5",
        "recipient": "Test County Superior Court clerk",
        "findings": list(REQUIRED[section]),
        "scope_groups": ["enrollment_status", "legal"],
    }
    fields.update(changes)
    return actions.OrderData(**fields)


def disclose(demand: LegalDemand, world: World, order: actions.OrderData | None = None) -> Any:
    data = actions.NewDecision(
        DecisionOutcome.DISCLOSE, "Counsel Testlawyer", "ADV-1", "", order or order_data()
    )
    return actions.check_decide_demand(demand, data, acting=acting_as(world, "ada"))


def decision_post(outcome: str = "decline", **changes: Any) -> dict[str, Any]:
    """A valid decision form body (decline, unless told)."""
    body: dict[str, Any] = {
        "outcome": outcome,
        "counsel_name": "Counsel Testlawyer",
        "advice_reference": "ADV-7",
        "reason": "A subpoena alone does not allow disclosure.",
    }
    body.update(changes)
    return body


def order_post(section: str = OrderSection.S264, **changes: Any) -> dict[str, Any]:
    order = order_data(section)
    body = decision_post(
        "disclose",
        reason="",
        section=section,
        findings=list(order.findings),
        order_date=order.order_date.isoformat(),
        court=order.court,
        judge=order.judge,
        case_number=order.case_number,
        recipient=order.recipient,
        scope_groups=list(order.scope_groups),
    )
    body.update(changes)
    return body


def demand_of(world: World, rel: str) -> LegalDemand:
    """One demand per relation, made once per world: open-own (alice's, on "own"),
    open-same (bob's, on "same"), disclosed (alice's court order on "own", disclosed by
    ada), other (carol's, in the other program)."""
    cache: dict[str, LegalDemand] = world.__dict__.setdefault("legal_demands", {})
    if rel not in cache:
        if rel == "open-same":
            cache[rel] = log_demand(world, "same", by="bob", kind=DemandKind.SUBPOENA)
        elif rel == "other":
            cache[rel] = log_demand(world, "other", by="carol")
        else:
            cache[rel] = log_demand(world, "own", by="alice")
            if rel == "disclosed":
                disclose(cache[rel], world)
                cache[rel].refresh_from_db()
    return cache[rel]
