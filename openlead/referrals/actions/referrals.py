"""Making a referral (screened at once when a protocol is set), screening it later, and
closing it (declined by the person, or withdrawn)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.eligibility import FactsError, Protocol, decide, required_facts
from openlead.people import vault
from openlead.people.actions import NewPerson, do_create_person
from openlead.people.models import EnrollmentStatus
from openlead.programs.models import Program
from openlead.referrals.actions.common import (
    TransitionRefused,
    locked,
    moment,
    record_move,
    require_move,
)
from openlead.referrals.actions.lapse import lapse_if_due
from openlead.referrals.capacity import has_room
from openlead.referrals.clock import deadline_for, local_date, program_protocol
from openlead.referrals.models import Door, Outcome, Referral, Status
from openlead.referrals.queries import aad, open_screening


def _seal(referral: Referral, dek: bytes, column: str, value: Any) -> None:
    setattr(referral, column, vault.seal_json(value, dek, aad(referral, column)))


@dataclass
class NewReferral:
    program: Program
    door: str
    facts: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    date_of_birth: str = ""  # ISO date, when the referrer knows it (the age fact comes from it)
    aliases: str = ""
    phone: str = ""
    email: str = ""
    # Not eligibility facts: report number, how to reach a self-referrer, best time and place.
    answers: dict[str, Any] = field(default_factory=dict)
    referrer: Any = None
    referrer_organization_id: int | None = None
    submit_token: str | None = None
    referred_at: dt.datetime | None = None


@dataclass(frozen=True)
class _Screening:
    facts: dict[str, Any]
    decision: dict[str, Any] | None = None
    protocol: Protocol | None = None


def _screen(data: NewReferral, now: dt.datetime) -> _Screening:
    day = local_date(data.program, now)
    facts = {**data.facts, "door": data.door, "as_of": day.isoformat()}
    protocol = program_protocol(data.program, day)
    if protocol is None:
        return _Screening(facts)
    _known_to_the_system(protocol, data, facts)
    try:
        return _Screening(facts, decide(protocol, facts).to_dict(), protocol)
    except FactsError as error:
        raise ValidationError({error.fact.split("[")[0].split(".")[0]: error.message}) from None


def reviewed_at_screening(protocol: Protocol, door: str) -> bool:
    """The protocol has the prosecutor review every arrest referral when it is screened
    (Santa Fe's "the attorney has final authority"), not only once its window lapses; the
    prosecutor's queue and justice_scope read Referral.prosecutor_review_at."""
    return door == Door.ARREST and protocol.intake.prosecutor_review == "every_arrest"


def _known_to_the_system(protocol: Protocol, data: NewReferral, facts: dict[str, Any]) -> None:
    """Fill in the facts only the system can know (never asked on the form): whether the
    program has room, from its caseloads. A caller that already knows (the demo, a
    replayed scenario) may pass it."""
    if data.door not in protocol.doors:
        return  # e.g. a 2019 ATL311 referral under Atlanta's 2017.1: decide() says the door is not offered
    if any(spec.name == "capacity_available" for spec in required_facts(protocol, data.door)):
        facts.setdefault("capacity_available", has_room(data.program))


def _earlier(token: str | None) -> Referral | None:
    return Referral.objects.filter(submit_token=token).first() if token else None


def do_make_referral(data: NewReferral, *, acting: Actor) -> Referral:
    """Create the Person (status referred) and the Referral, screened at once when a protocol is set.

    A second submit with the same token returns the first referral (a double tap).
    """
    earlier = _earlier(data.submit_token)
    if earlier is not None:
        return earlier
    now = data.referred_at or timezone.now()
    screening = _screen(data, now)
    try:
        with transaction.atomic():
            return _create(data, screening, now, acting=acting)
    except IntegrityError:
        earlier = _earlier(data.submit_token)
        if earlier is None:
            raise
        return earlier


def _create(
    data: NewReferral, screening: _Screening, now: dt.datetime, *, acting: Actor
) -> Referral:
    facts, decision = screening.facts, screening.decision
    referrer_id = data.referrer.pk if data.referrer is not None else None
    person = do_create_person(
        NewPerson(
            program_id=data.program.pk,
            legal_name=data.name,
            date_of_birth=data.date_of_birth,
            aliases=data.aliases,
            phone=data.phone,
            email=data.email,
            status=EnrollmentStatus.REFERRED,
            referred_by_id=referrer_id,
            referred_at=now,
        ),
        acting=acting,
    )
    referral = Referral(
        program=data.program,
        person=person,
        door=data.door,
        referrer_id=referrer_id,
        referrer_organization_id=data.referrer_organization_id,
        referred_at=now,
        submit_token=data.submit_token or None,
    )
    dek = vault.data_key(person.public_id)
    _seal(referral, dek, "sealed_facts", facts)
    _seal(referral, dek, "sealed_answers", data.answers)
    path = [Status.RECEIVED.value]
    if decision is not None and screening.protocol is not None:
        _apply_decision(referral, dek, decision, now)
        if reviewed_at_screening(screening.protocol, data.door):
            referral.prosecutor_review_at = now
        path.append(Status.SCREENED.value)
        if referral.outcome == Outcome.ELIGIBLE:
            referral.status, referral.intake_deadline = (
                Status.AWAITING_INTAKE,
                deadline_for(data.program, now),
            )
            path.append(Status.AWAITING_INTAKE.value)
    referral.save(force_insert=True)
    acting.audit(
        action=AuditAction.CREATE,
        outcome=AuditOutcome.ALLOWED,
        person_ref=person.public_id,
        groups=[FieldGroup.REFERRAL, FieldGroup.ENROLLMENT_STATUS],
        purpose="referral made",
        detail={
            "referral": referral.public_id,
            "door": data.door,
            "statuses": path,
            "outcome": referral.outcome,
            "protocol": f"{referral.protocol_id} {referral.protocol_version}",
        },
    )
    return referral


def _apply_decision(
    referral: Referral, dek: bytes, decision: dict[str, Any], now: dt.datetime
) -> None:
    referral.status = Status.SCREENED
    referral.outcome = decision["outcome"]
    referral.protocol_id = decision["protocol_id"]
    referral.protocol_version = decision["protocol_version"]
    referral.screened_at = now
    _seal(referral, dek, "sealed_decision", decision)


def do_screen_referral(
    referral: Referral, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    """Screen a referral received before its program had a protocol (received -> screened)."""
    with transaction.atomic():
        current = locked(referral)
        require_move(current, Status.SCREENED, "screened again")
        protocol = program_protocol(
            current.program, local_date(current.program, current.referred_at)
        )
        if protocol is None:
            raise TransitionRefused(
                "This program has no eligibility protocol set, so it cannot screen yet."
            )
        facts = open_screening(current).facts
        decision = decide(protocol, facts).to_dict()
        _apply_decision(current, vault.data_key(current.person.public_id), decision, moment(now))
        if reviewed_at_screening(protocol, current.door):
            current.prosecutor_review_at = moment(now)
        current.save(
            update_fields=[
                "status",
                "outcome",
                "protocol_id",
                "protocol_version",
                "screened_at",
                "sealed_decision",
                "prosecutor_review_at",
                "updated_at",
            ]
        )
        record_move(acting, current, "screened", outcome=current.outcome)
    return current


def _close(
    referral: Referral, to: Status, doing: str, *, acting: Actor, now: dt.datetime | None
) -> Referral:
    with transaction.atomic():
        current = locked(referral)
        lapse_if_due(current, moment(now))
        require_move(current, to, doing)
        current.status, current.closed_at = to, moment(now)
        current.save(update_fields=["status", "closed_at", "updated_at"])
        record_move(acting, current, doing)
    return current


def do_record_declined(
    referral: Referral, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    """The person said no to the program; that is their choice, never held against them."""
    return _close(
        referral, Status.DECLINED, "marked declined by the person", acting=acting, now=now
    )


def do_withdraw_referral(
    referral: Referral, *, acting: Actor, now: dt.datetime | None = None
) -> Referral:
    return _close(referral, Status.WITHDRAWN, "withdrawn", acting=acting, now=now)
