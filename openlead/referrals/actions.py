"""Every write to referrals: validated, in a transaction, audited.

The status machine lives in models.TRANSITIONS; each move is one `do_<verb>_referral`
action here, and a move the machine does not allow raises TransitionRefused with a
sentence a person can act on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openlead.access import audit
from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome, Membership, User
from openlead.access.policy import Capability, rule_for
from openlead.access.roles import FieldGroup, Role
from openlead.eligibility import FactsError, Protocol, decide, intake_deadline, load_protocol
from openlead.eligibility.clock import zone
from openlead.people import vault
from openlead.people.actions import NewPerson, do_create_person
from openlead.people.models import EnrollmentStatus, Person
from openlead.programs.models import Program
from openlead.referrals.models import (
    TRANSITIONS,
    Door,
    Outcome,
    ProsecutorDecision,
    Referral,
    SelfReferralHit,
    Status,
)

SYSTEM = audit.Who(None, "openlead-referrals", "", None)
TABLE = "referrals.referral"
SELF_REFERRAL_PERIOD = dt.timedelta(hours=1)


class TransitionRefused(Exception):
    """A status change the machine does not allow; the message says why in plain words."""


# --- protocol and clock -------------------------------------------------------------


@lru_cache(maxsize=32)
def _load(protocol_id: str) -> Protocol:
    return load_protocol(protocol_id)


def program_protocol(program: Program) -> Protocol | None:
    """The protocol in force for this program, or None when none is set (screening waits)."""
    return _load(program.protocol_id) if program.protocol_id else None


def window_days(program: Program) -> int:
    """The program's own intake window; the protocol's when the program sets none (0)."""
    if program.intake_window_days:
        return int(program.intake_window_days)
    protocol = program_protocol(program)
    return protocol.intake.window_days if protocol else 30


def lapse_doors(program: Program) -> frozenset[str]:
    """Doors whose lapsed window goes back to the prosecutor (an arrest to file or not)."""
    protocol = program_protocol(program)
    return protocol.intake.doors if protocol else frozenset({Door.ARREST.value})


def deadline_for(program: Program, referred_at: dt.datetime) -> dt.datetime:
    return intake_deadline(referred_at, program.time_zone, window_days(program))


def local_date(program: Program, moment: dt.datetime) -> dt.date:
    return moment.astimezone(zone(program.time_zone)).date()


def end_of_local_day(program: Program, day: dt.date) -> dt.datetime:
    start = dt.datetime.combine(day, dt.time(12), tzinfo=zone(program.time_zone))
    return intake_deadline(start, program.time_zone, 0)


# --- sealed columns ------------------------------------------------------------------


def _aad(referral: Referral, column: str) -> tuple[str, str, str]:
    return (TABLE, referral.public_id, column)


def _seal(referral: Referral, dek: bytes, column: str, value: Any) -> None:
    setattr(referral, column, vault.seal_json(value, dek, _aad(referral, column)))


@dataclass
class Screening:
    facts: dict[str, Any]
    decision: dict[str, Any] | None
    answers: dict[str, Any]


def open_screening(referral: Referral) -> Screening:
    """Decrypt facts, decision and answers (callers are the access layer and the actions)."""
    dek = vault.data_key(referral.person.public_id)

    def opened(column: str) -> Any:
        return vault.open_json(getattr(referral, column), dek, _aad(referral, column))

    return Screening(
        opened("sealed_facts") or {}, opened("sealed_decision"), opened("sealed_answers") or {}
    )


# --- audit ---------------------------------------------------------------------------


def _record(who: audit.Who, referral: Referral, verb: str, request_id: str, **detail: Any) -> None:
    audit.record(
        who,
        action=AuditAction.UPDATE,
        outcome=AuditOutcome.ALLOWED,
        person_ref=referral.person.public_id,
        groups=[FieldGroup.ENROLLMENT_STATUS],
        purpose=f"referral {verb}",
        request_id=request_id,
        detail={"referral": referral.public_id, "status": referral.status, **detail},
    )


# --- making a referral -----------------------------------------------------------------


@dataclass
class NewReferral:
    program: Program
    door: str
    facts: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    aliases: str = ""
    phone: str = ""
    email: str = ""
    # Not eligibility facts: report number, how to reach a self-referrer, best time and place.
    answers: dict[str, Any] = field(default_factory=dict)
    referrer: Any = None
    referrer_organization_id: int | None = None
    submit_token: str | None = None
    referred_at: dt.datetime | None = None


def _screen(data: NewReferral, now: dt.datetime) -> tuple[dict[str, Any], dict[str, Any] | None]:
    facts = {**data.facts, "door": data.door, "as_of": local_date(data.program, now).isoformat()}
    protocol = program_protocol(data.program)
    if protocol is None:
        return facts, None
    try:
        return facts, decide(protocol, facts).to_dict()
    except FactsError as error:
        raise ValidationError({error.fact.split("[")[0].split(".")[0]: error.message}) from None


def do_make_referral(data: NewReferral, *, who: audit.Who, request_id: str = "") -> Referral:
    """Create the Person (status referred) and the Referral, screened at once when a protocol is set.

    A second submit with the same token returns the first referral (a double tap).
    """
    if data.submit_token:
        earlier = Referral.objects.filter(submit_token=data.submit_token).first()
        if earlier is not None:
            return earlier
    now = data.referred_at or timezone.now()
    facts, decision = _screen(data, now)
    try:
        with transaction.atomic():
            return _create(data, facts, decision, now, who=who, request_id=request_id)
    except IntegrityError:
        earlier = (
            Referral.objects.filter(submit_token=data.submit_token).first()
            if data.submit_token
            else None
        )
        if earlier is None:
            raise
        return earlier


def _create(
    data: NewReferral,
    facts: dict[str, Any],
    decision: dict[str, Any] | None,
    now: dt.datetime,
    *,
    who: audit.Who,
    request_id: str,
) -> Referral:
    referrer_id = data.referrer.pk if data.referrer is not None else None
    person = do_create_person(
        NewPerson(
            program_id=data.program.pk,
            legal_name=data.name,
            aliases=data.aliases,
            phone=data.phone,
            email=data.email,
            status=EnrollmentStatus.REFERRED,
            referred_by_id=referrer_id,
            referred_at=now,
        ),
        # The referral's actions still take `who`; the account behind it acts here.
        acting=Actor.from_who(
            who,
            user=User.objects.get(pk=who.actor_id) if who.actor_id else None,
            request_id=request_id,
        ),
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
    if decision is not None:
        _apply_decision(referral, dek, decision, now)
        path.append(Status.SCREENED.value)
        if referral.outcome == Outcome.ELIGIBLE:
            referral.status, referral.intake_deadline = (
                Status.AWAITING_INTAKE,
                deadline_for(data.program, now),
            )
            path.append(Status.AWAITING_INTAKE.value)
    referral.save(force_insert=True)
    audit.record(
        who,
        action=AuditAction.CREATE,
        outcome=AuditOutcome.ALLOWED,
        person_ref=person.public_id,
        groups=[FieldGroup.REFERRAL, FieldGroup.ENROLLMENT_STATUS],
        purpose="referral made",
        request_id=request_id,
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


# --- the status machine ------------------------------------------------------------------


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update().select_related("person", "program").get(pk=referral.pk)
    )


def _require(referral: Referral, to: Status, doing: str) -> None:
    if to not in TRANSITIONS[referral.status]:
        label = Status(referral.status).label
        raise TransitionRefused(f"This referral is “{label}”, so it cannot be {doing}.")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def do_screen_referral(
    referral: Referral, *, who: audit.Who, now: dt.datetime | None = None, request_id: str = ""
) -> Referral:
    """Screen a referral received before its program had a protocol (received -> screened)."""
    with transaction.atomic():
        current = _locked(referral)
        _require(current, Status.SCREENED, "screened again")
        protocol = program_protocol(current.program)
        if protocol is None:
            raise TransitionRefused(
                "This program has no eligibility protocol set, so it cannot screen yet."
            )
        facts = open_screening(current).facts
        decision = decide(protocol, facts).to_dict()
        _apply_decision(current, vault.data_key(current.person.public_id), decision, _now(now))
        current.save(
            update_fields=[
                "status",
                "outcome",
                "protocol_id",
                "protocol_version",
                "screened_at",
                "sealed_decision",
                "updated_at",
            ]
        )
        _record(who, current, "screened", request_id, outcome=current.outcome)
    return current


def do_accept_for_intake(
    referral: Referral, *, who: audit.Who, now: dt.datetime | None = None, request_id: str = ""
) -> Referral:
    """A reviewer sends a screened referral to intake; the window counts from the referral."""
    with transaction.atomic():
        current = _locked(referral)
        if current.status != Status.SCREENED:
            label = Status(current.status).label
            raise TransitionRefused(f"This referral is “{label}”, so it cannot be sent to intake.")
        if current.outcome == Outcome.INELIGIBLE:
            raise TransitionRefused(
                "This referral was screened not eligible, so it cannot go to intake."
            )
        current.status = Status.AWAITING_INTAKE
        current.intake_deadline = deadline_for(current.program, current.referred_at)
        current.save(update_fields=["status", "intake_deadline", "updated_at"])
        _record(
            who, current, "sent to intake", request_id, deadline=current.intake_deadline.isoformat()
        )
    return current


def check_record_handoff(
    referral: Referral,
    worker_id: Any,
    *,
    who: audit.Who,
    now: dt.datetime | None = None,
    request_id: str = "",
) -> Referral:
    worker = (
        staff_of(referral.program, (Role.OUTREACH_WORKER, Role.CASE_MANAGER))
        .filter(pk=_staff_pk(worker_id))
        .first()
    )
    if worker is None:
        raise ValidationError(
            {"worker": "Choose an outreach worker or case manager of this program."}
        )
    return do_record_handoff(referral, worker, who=who, now=now, request_id=request_id)


def do_record_handoff(
    referral: Referral,
    worker: Any,
    *,
    who: audit.Who,
    now: dt.datetime | None = None,
    request_id: str = "",
) -> Referral:
    """Log the hand-off to an outreach worker with its time (ideally within 30 minutes)."""
    with transaction.atomic():
        current = _locked(referral)
        if current.status not in (Status.SCREENED, Status.AWAITING_INTAKE):
            label = Status(current.status).label
            raise TransitionRefused(
                f"This referral is “{label}”, so a hand-off cannot be recorded."
            )
        if current.outcome == Outcome.INELIGIBLE:
            raise TransitionRefused(
                "This referral was screened not eligible, so there is no hand-off."
            )
        current.handed_off_at, current.handed_off_to = _now(now), worker
        current.save(update_fields=["handed_off_at", "handed_off_to", "updated_at"])
        minutes = int((current.handed_off_at - current.referred_at).total_seconds() // 60)
        _record(
            who,
            current,
            "handed off",
            request_id,
            worker=worker.username,
            minutes_after_referral=minutes,
        )
    return current


def _staff_pk(raw: Any) -> int:
    """A posted worker id as a primary key; anything else matches nobody (a field error,
    never the 500 that `filter(pk="x")` raised)."""
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else 0


def staff_of(program: Program, roles: tuple[str, ...]) -> Any:
    from openlead.access.models import User

    members = Membership.objects.filter(
        program=program, role__in=roles, active=True, user__is_active=True
    )
    return User.objects.filter(pk__in=members.values("user_id")).order_by("first_name", "username")


def on_intake_complete(
    person: Person, case_manager: Any, who: audit.Who, request_id: str = ""
) -> None:
    """Intake done: the person becomes an active participant with this case manager.

    Uses the casework app's enrollment when it is installed; otherwise sets the status
    and case manager directly, so referrals work on their own.
    """
    from django.apps import apps

    if apps.is_installed("openlead.casework"):
        from openlead.casework.actions import do_enroll

        user = User.objects.filter(pk=who.actor_id).first() if who.actor_id else None
        do_enroll(
            person,
            case_manager=case_manager,
            acting=Actor.from_who(who, user=user, request_id=request_id),
        )
        return
    person.status, person.case_manager = EnrollmentStatus.ACTIVE, case_manager
    person.save(update_fields=["status", "case_manager", "updated_at"])


def check_complete_intake(
    referral: Referral,
    case_manager_id: Any,
    *,
    who: audit.Who,
    now: dt.datetime | None = None,
    request_id: str = "",
) -> Referral:
    manager = (
        staff_of(referral.program, (Role.CASE_MANAGER,))
        .filter(pk=_staff_pk(case_manager_id))
        .first()
    )
    if manager is None:
        raise ValidationError({"case_manager": "Choose a case manager of this program."})
    if _moves_case_manager(referral.person, manager) and not _may_supervise(who):
        # Completing intake for someone already enrolled with another worker would be a
        # reassignment, which needs a supervisor (casework.actions.do_reassign refuses too).
        raise ValidationError(
            {
                "case_manager": "This person is already enrolled with another case manager; "
                "choose that case manager, or ask a supervisor to change it."
            }
        )
    return do_complete_intake(referral, manager, who=who, now=now, request_id=request_id)


def _moves_case_manager(person: Person, manager: Any) -> bool:
    enrolled = person.status in (EnrollmentStatus.ACTIVE, EnrollmentStatus.INACTIVE)
    return enrolled and person.case_manager_id not in (None, manager.pk)


def _may_supervise(who: audit.Who) -> bool:
    """As casework.actions.may_reassign: system jobs (no actor) run trusted code paths."""
    return who.actor_id is None or (bool(who.role) and rule_for(who.role).has(Capability.SUPERVISE))


def do_complete_intake(
    referral: Referral,
    case_manager: Any,
    *,
    who: audit.Who,
    now: dt.datetime | None = None,
    request_id: str = "",
) -> Referral:
    with transaction.atomic():
        current = _locked(referral)
        _require(current, Status.INTAKE_COMPLETE, "marked intake complete")
        current.status, current.intake_completed_at = Status.INTAKE_COMPLETE, _now(now)
        current.closed_at = current.intake_completed_at
        current.save(update_fields=["status", "intake_completed_at", "closed_at", "updated_at"])
        on_intake_complete(current.person, case_manager, who, request_id)
        _record(who, current, "intake complete", request_id, case_manager=case_manager.username)
    return current


def do_lapse_referral(
    referral: Referral,
    *,
    who: audit.Who = SYSTEM,
    now: dt.datetime | None = None,
    request_id: str = "",
) -> Referral:
    """The intake window closed without intake: the arrest goes back to the prosecutor."""
    moment = _now(now)
    with transaction.atomic():
        current = _locked(referral)
        _require(current, Status.RETURNED, "returned to the prosecutor")
        if current.door not in lapse_doors(current.program):
            raise TransitionRefused(
                "Only an arrest referral goes back to the prosecutor when its window lapses."
            )
        if current.intake_deadline is None or current.intake_deadline >= moment:
            raise TransitionRefused("The intake window is still open.")
        current.status, current.returned_at = Status.RETURNED, moment
        current.save(update_fields=["status", "returned_at", "updated_at"])
        _record(
            who,
            current,
            "returned to the prosecutor",
            request_id,
            deadline=current.intake_deadline.isoformat(),
        )
    return current


def lapse_due(
    *, now: dt.datetime | None = None, program_id: int | None = None, who: audit.Who = SYSTEM
) -> int:
    """Return every lapsed arrest referral to the prosecutor; safe to run again (cron)."""
    moment = _now(now)
    due = Referral.objects.filter(
        status=Status.AWAITING_INTAKE, intake_deadline__lt=moment
    ).select_related("program")
    if program_id is not None:
        due = due.filter(program_id=program_id)
    done = 0
    for referral in due:
        if referral.door in lapse_doors(referral.program):
            try:
                do_lapse_referral(referral, who=who, now=moment)
                done += 1
            except TransitionRefused:
                continue  # another worker got there first
    return done


def check_prosecutor_decision(
    referral: Referral,
    decision: str,
    new_deadline: dt.date | None,
    *,
    who: audit.Who,
    now: dt.datetime | None = None,
    request_id: str = "",
) -> Referral:
    moment = _now(now)
    if decision not in ProsecutorDecision.values:
        raise ValidationError({"decision": "Choose file, decline or extend."})
    if decision == ProsecutorDecision.EXTEND:
        if new_deadline is None:
            raise ValidationError({"new_deadline": "Give the new last day for intake."})
        if new_deadline <= local_date(referral.program, moment):
            raise ValidationError({"new_deadline": "The new last day must be after today."})
    return do_record_prosecutor_decision(
        referral, decision, new_deadline, who=who, now=moment, request_id=request_id
    )


def do_record_prosecutor_decision(
    referral: Referral,
    decision: str,
    new_deadline: dt.date | None,
    *,
    who: audit.Who,
    now: dt.datetime | None = None,
    request_id: str = "",
) -> Referral:
    moment = _now(now)
    target = {
        ProsecutorDecision.FILE: Status.CHARGES_FILED,
        ProsecutorDecision.DECLINE: Status.NOT_FILED,
        ProsecutorDecision.EXTEND: Status.AWAITING_INTAKE,
    }[ProsecutorDecision(decision)]
    with transaction.atomic():
        current = _locked(referral)
        if current.status != Status.RETURNED:
            label = Status(current.status).label
            raise TransitionRefused(
                f"This referral is “{label}”; the prosecutor decides only on a lapsed window."
            )
        _require(current, target, "decided on")
        current.status, current.prosecutor_decision, current.prosecutor_decided_at = (
            target,
            decision,
            moment,
        )
        fields = ["status", "prosecutor_decision", "prosecutor_decided_at", "updated_at"]
        if target == Status.AWAITING_INTAKE and new_deadline is not None:
            current.intake_deadline = end_of_local_day(current.program, new_deadline)
            fields.append("intake_deadline")
        else:
            current.closed_at = moment
            fields.append("closed_at")
        current.save(update_fields=fields)
        _record(
            who,
            current,
            f"prosecutor decision: {decision}",
            request_id,
            deadline=current.intake_deadline.isoformat() if current.intake_deadline else "",
        )
    return current


def _close(
    referral: Referral,
    to: Status,
    doing: str,
    *,
    who: audit.Who,
    now: dt.datetime | None,
    request_id: str,
) -> Referral:
    with transaction.atomic():
        current = _locked(referral)
        _require(current, to, doing)
        current.status, current.closed_at = to, _now(now)
        current.save(update_fields=["status", "closed_at", "updated_at"])
        _record(who, current, doing, request_id)
    return current


def do_record_declined(
    referral: Referral, *, who: audit.Who, now: dt.datetime | None = None, request_id: str = ""
) -> Referral:
    """The person said no to the program; that is their choice, never held against them."""
    return _close(
        referral,
        Status.DECLINED,
        "marked declined by the person",
        who=who,
        now=now,
        request_id=request_id,
    )


def do_withdraw_referral(
    referral: Referral, *, who: audit.Who, now: dt.datetime | None = None, request_id: str = ""
) -> Referral:
    return _close(referral, Status.WITHDRAWN, "withdrawn", who=who, now=now, request_id=request_id)


# --- public self-referral ------------------------------------------------------------------


def client_hash(address: str) -> str:
    """A keyed hash of the client address: enough to rate-limit, useless as a log of who came."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"self-referral|{address}".encode(), hashlib.sha256).hexdigest()


def check_self_referral_rate(address: str, *, now: dt.datetime | None = None) -> bool:
    """May this client send another? False once OPENLEAD_SELF_REFERRAL_LIMIT accepted
    submissions came from its address in the last hour (invalid posts are not counted)."""
    moment, digest = _now(now), client_hash(address)
    recent = SelfReferralHit.objects.filter(
        client_hash=digest, at__gt=moment - SELF_REFERRAL_PERIOD
    ).count()
    return recent < settings.OPENLEAD_SELF_REFERRAL_LIMIT


def do_count_self_referral(address: str, *, now: dt.datetime | None = None) -> None:
    """One accepted submission from this client; rows older than a day go."""
    moment = _now(now)
    with transaction.atomic():
        SelfReferralHit.objects.filter(at__lt=moment - dt.timedelta(days=1)).delete()
        SelfReferralHit.objects.create(client_hash=client_hash(address), at=moment)
