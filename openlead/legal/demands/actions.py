"""Legal-demand writes: log a demand, and record counsel's decision on it (and, under a
court order with all its findings, the disclosure and the participant's notice).

Each check_ refuses the wrong role first (audited 403), then validates (errors keyed by
form field) and calls its do_, which writes in one transaction with its audit event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_denied, scoped_people
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.legal.demands import orders
from openlead.legal.models import (
    CourtOrder,
    DecisionOutcome,
    DemandDecision,
    DemandKind,
    DemandNotice,
    DemandStatus,
    LegalDemand,
    OrderSection,
)
from openlead.people import disclosure, vault
from openlead.people.actions import record, seal_and_record
from openlead.people.models import Person
from openlead.programs.dates import program_day

PURPOSE = "legal demand"
DISCLOSURE_PURPOSE = "court order"  # the accounting of disclosures shows this as the why
LEGAL = [FieldGroup.LEGAL.value]
SUMMARY_MAX = 5000
REASON_MAX = 2000
RECEIVED_PAST_DAYS = 3 * 366  # a demand found in a drawer is still logged
DUE_AHEAD_DAYS = 2 * 366
ORDER_PAST_DAYS = 5 * 366
EARLIEST_RECORD = dt.date(2000, 1, 1)
NOTIFY_AHEAD_DAYS = 5 * 366


@dataclass(frozen=True)
class NewDemand:
    kind: str
    requester: str
    received_on: dt.date
    summary: str
    due_on: dt.date | None = None
    reference: str = ""
    copy_reference: str = ""


def _refuse(acting: Actor, capability: Capability, person_ref: str, action: str) -> None:
    if not acting.can(capability):
        raise refuse_denied(acting, PURPOSE, action, person_ref=person_ref)


def _text_error(value: str, label: str, most: int, *, required: bool = True) -> str:
    if required and not value.strip():
        return f"Enter {label}."
    if len(value) > most:
        return f"Keep {label} under {most:,} characters."
    return ""


def _demand_errors(data: NewDemand, today: dt.date) -> dict[str, str]:
    errors = {
        "requester": _text_error(data.requester, "who it is from", 200),
        "summary": _text_error(data.summary, "what it asks for", SUMMARY_MAX),
        "reference": _text_error(data.reference, "the reference", 120, required=False),
        "copy_reference": _text_error(
            data.copy_reference, "where the copy is", 200, required=False
        ),
    }
    if data.kind not in DemandKind.values:
        errors["kind"] = "Choose what kind of demand it is."
    if data.received_on > today:
        errors["received_on"] = "The date received cannot be in the future."
    elif data.received_on < today - dt.timedelta(days=RECEIVED_PAST_DAYS):
        errors["received_on"] = "Choose a date within the last three years."
    if data.due_on is not None and data.due_on < data.received_on:
        errors["due_on"] = "The due date cannot be before the date received."
    elif data.due_on is not None and data.due_on > today + dt.timedelta(days=DUE_AHEAD_DAYS):
        errors["due_on"] = "Choose a due date within the next two years."
    return {k: v for k, v in errors.items() if v}


def check_log_demand(
    person: Person, data: NewDemand, *, acting: Actor, today: dt.date | None = None
) -> LegalDemand:
    _refuse(acting, Capability.LOG_LEGAL_DEMANDS, person.public_id, AuditAction.CREATE)
    if not scoped_people(acting).filter(pk=person.pk).exists():
        raise refuse_denied(acting, PURPOSE, AuditAction.CREATE, person_ref=person.public_id)
    errors = _demand_errors(data, today or program_day(person.program))
    if errors:
        raise ValidationError(errors)
    return do_log_demand(person, data, acting=acting)


def do_log_demand(person: Person, data: NewDemand, *, acting: Actor) -> LegalDemand:
    demand = LegalDemand(
        program_id=person.program_id,
        person=person,
        kind=data.kind,
        requester=data.requester.strip(),
        received_on=data.received_on,
        due_on=data.due_on,
        reference=data.reference.strip(),
        copy_reference=data.copy_reference.strip(),
        logged_by=acting.user,
    )
    return seal_and_record(
        acting,
        demand,
        person=person,
        texts={"sealed_summary": data.summary.strip()},
        action=AuditAction.CREATE,
        groups=LEGAL,
        purpose=PURPOSE,
        demand=demand.public_id,
        kind=data.kind,
    )


@dataclass(frozen=True)
class OrderData:
    section: str
    order_date: dt.date
    court: str
    judge: str
    case_number: str
    recipient: str
    findings: list[str] = field(default_factory=list)
    scope_groups: list[str] = field(default_factory=list)
    scope_from: dt.date | None = None
    scope_to: dt.date | None = None
    do_not_notify_until: dt.date | None = None


@dataclass(frozen=True)
class NewDecision:
    outcome: str
    counsel_name: str
    advice_reference: str
    reason: str = ""
    order: OrderData | None = None


def _decision_errors(demand: LegalDemand, data: NewDecision) -> dict[str, str]:
    errors = {
        "counsel_name": _text_error(data.counsel_name, "counsel's name", 120),
        "advice_reference": _text_error(data.advice_reference, "the advice reference", 120),
    }
    if data.outcome not in DecisionOutcome.values:
        errors["outcome"] = "Choose the decision."
    elif data.outcome == DecisionOutcome.DISCLOSE:
        errors["outcome"] = orders.disclosure_refusal(demand.kind)
        errors["reason"] = _text_error(data.reason, "the reason", REASON_MAX, required=False)
    else:
        errors["reason"] = _text_error(data.reason, "the reason", REASON_MAX)
    return {k: v for k, v in errors.items() if v}


def _date_range_errors(order: OrderData, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if order.order_date > today:
        errors["order_date"] = "The order's date cannot be in the future."
    elif order.order_date < today - dt.timedelta(days=ORDER_PAST_DAYS):
        errors["order_date"] = "Choose an order date within the last five years."
    for name in ("scope_from", "scope_to"):
        value = getattr(order, name)
        if value is not None and not EARLIEST_RECORD <= value <= today:
            errors[name] = "Choose a date from 1 January 2000 to today."
    if order.scope_from and order.scope_to and order.scope_from > order.scope_to:
        errors["scope_to"] = "The end of the range cannot be before its start."
    notify = order.do_not_notify_until
    if notify is not None and not today <= notify <= today + dt.timedelta(days=NOTIFY_AHEAD_DAYS):
        errors["do_not_notify_until"] = "Choose a date from today to five years ahead."
    return errors


def _order_errors(order: OrderData | None, today: dt.date) -> dict[str, str]:
    if order is None or order.section not in OrderSection.values:
        return {"section": "Choose the section the court order was made under."}
    errors = {
        "court": _text_error(order.court, "the court", 200),
        "judge": _text_error(order.judge, "the judge", 120),
        "case_number": _text_error(order.case_number, "the case number", 60),
        "recipient": _text_error(order.recipient, "who receives the records", 200),
        "scope_groups": orders.scope_errors(order.section, order.scope_groups),
        **_date_range_errors(order, today),
    }
    if order.recipient.strip()[:1] in {"=", "+", "-", "@"}:
        # The accounting of disclosures leaves as CSV: no cell may start a formula.
        errors["recipient"] = "Start the recipient's name with a letter or a digit."
    missing = orders.missing_findings(order.section, order.findings, order.scope_groups)
    if missing:
        errors["findings"] = (
            "Nothing can be disclosed: the order does not make every finding its section"
            f" requires ({len(missing)} missing). Tick only what the order states."
        )
    return {k: v for k, v in errors.items() if v}


def check_may_decide(demand: LegalDemand, *, acting: Actor) -> None:
    """The audited 403 unless the actor may decide this demand."""
    ref = demand.person.public_id
    _refuse(acting, Capability.DECIDE_LEGAL_DEMANDS, ref, AuditAction.UPDATE)
    in_scope = scoped_people(acting).filter(pk=demand.person_id).exists()
    # Separation of duties: whoever logged a demand never decides it.
    if not in_scope or demand.logged_by_id == acting.user.pk:
        raise refuse_denied(acting, PURPOSE, AuditAction.UPDATE, person_ref=ref)


def check_decide_demand(
    demand: LegalDemand, data: NewDecision, *, acting: Actor, today: dt.date | None = None
) -> DemandDecision:
    check_may_decide(demand, acting=acting)
    if demand.status != DemandStatus.OPEN:
        raise ValidationError("This demand has already been decided.")
    errors = _decision_errors(demand, data)
    if data.outcome == DecisionOutcome.DISCLOSE and "outcome" not in errors:
        errors |= _order_errors(data.order, today or program_day(demand.person.program))
    if errors:
        raise ValidationError(errors)
    return do_decide_demand(demand, data, acting=acting, today=today)


_STATUS = {
    DecisionOutcome.DECLINE: DemandStatus.DECLINED,
    DecisionOutcome.OBJECT: DemandStatus.OBJECTED,
    DecisionOutcome.DISCLOSE: DemandStatus.DISCLOSED,
}


def do_decide_demand(
    demand: LegalDemand, data: NewDecision, *, acting: Actor, today: dt.date | None = None
) -> DemandDecision:
    decision = DemandDecision(
        demand=demand,
        outcome=data.outcome,
        counsel_name=data.counsel_name.strip(),
        advice_reference=data.advice_reference.strip(),
        decided_by=acting.user,
    )
    with transaction.atomic():
        # Two admins deciding at once: the second finds the demand decided, not a 500.
        locked = LegalDemand.objects.select_for_update().filter(pk=demand.pk)
        if locked.values_list("status", flat=True).first() != DemandStatus.OPEN:
            raise ValidationError("This demand has already been decided.")
        seal_and_record(
            acting,
            decision,
            person=demand.person,
            texts={"sealed_reason": data.reason.strip()},
            action=AuditAction.UPDATE,
            groups=LEGAL,
            purpose=PURPOSE,
            demand=demand.public_id,
            outcome=data.outcome,
        )
        demand.status = _STATUS[DecisionOutcome(data.outcome)]
        demand.save(update_fields=["status"])
        if data.outcome == DecisionOutcome.DISCLOSE and data.order is not None:
            do_disclose_under_order(decision, data.order, acting=acting, today=today)
    return decision


def do_disclose_under_order(
    decision: DemandDecision, data: OrderData, *, acting: Actor, today: dt.date | None = None
) -> CourtOrder:
    """The order on record, the disclosure's audit event (what the accounting of
    disclosures lists: recipient, date, groups, "court order") and the participant's notice."""
    demand = decision.demand
    with transaction.atomic():
        order = CourtOrder.objects.create(
            decision=decision,
            section=data.section,
            order_date=data.order_date,
            court=data.court.strip(),
            judge=data.judge.strip(),
            case_number=data.case_number.strip(),
            findings=sorted(set(data.findings)),
            scope_groups=sorted(set(data.scope_groups)),
            scope_from=data.scope_from,
            scope_to=data.scope_to,
            recipient=data.recipient.strip(),
            do_not_notify_until=data.do_not_notify_until,
        )
        record(
            acting,
            demand.person,
            AuditAction.EXPORT,
            order.scope_groups,
            purpose=DISCLOSURE_PURPOSE,
            demand=demand.public_id,
            court_order=order.public_id,
            section=order.section,
            disclosed_to=order.recipient,
        )
        do_notify_participant(demand, order, acting=acting, today=today)
    return order


def notice_text(order: CourtOrder, on: dt.date) -> str:
    parts = ", ".join(disclosure.group_label(g).lower() for g in order.scope_groups)
    return (
        f"On {on:%-d %B %Y} the program gave parts of your record to {order.recipient},"
        f" because a court ordered it (42 CFR {order.section}). What was given: {parts}."
        " Nothing else was shared. Your case manager can tell you more, and you can ask"
        " for the list of everyone your record has been shared with."
    )


def do_notify_participant(
    demand: LegalDemand, order: CourtOrder, *, acting: Actor, today: dt.date | None = None
) -> DemandNotice:
    """The notice, shown from today, or from the date the order forbids telling before."""
    on = today or program_day(demand.person.program)
    later = order.do_not_notify_until
    notice = DemandNotice(
        person=demand.person, demand=demand, visible_from=max(on, later) if later else on
    )
    dek = vault.data_key(demand.person.public_id)
    notice.sealed_text = vault.seal_text(
        dek, notice_text(order, on), "legal.demandnotice", notice.public_id, "sealed_text"
    )
    with transaction.atomic():
        notice.save(force_insert=True)
        record(
            acting,
            demand.person,
            AuditAction.CREATE,
            LEGAL,
            purpose="legal demand notice",
            demand=demand.public_id,
            notice=notice.public_id,
            visible_from=notice.visible_from.isoformat(),
        )
    return notice
