"""Referral reads: the decrypting ones, the projections pages show, and the list queries.

Each page-level read writes its one audit event through the actor (`actor.audit`) or the
access getters (`refuse_missing`, `audited_list`) in the same transaction as the read,
so if the audit write fails nothing is shown. The status a page shows comes from
`shown_status`: a referral whose window has passed reads as returned to the prosecutor
even before `openlead referrals lapse` has marked it, and no GET writes a row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from openlead.access import safety
from openlead.access.acting import Actor
from openlead.access.getters import audited_list
from openlead.access.helpers import PageNumber, page_of, scoped_people, visible_groups
from openlead.access.models import AuditAction, AuditOutcome, Membership, User
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.eligibility import ClockStatus, clock_status
from openlead.eligibility.vocabulary import DOORS
from openlead.people import vault
from openlead.people.models import EnrollmentStatus, Person
from openlead.programs.models import Program
from openlead.referrals.access import ACTIONS, get_referral_for, may, refer_doors, referral_scope
from openlead.referrals.clock import is_lapsed, program_protocol
from openlead.referrals.models import OPEN_STATUSES, Door, Outcome, Referral, Status

TABLE = "referrals.referral"
# The referrer sees the screening they just made (outcome and reasons) for one shift.
RESULT_VISIBLE = dt.timedelta(hours=12)
# Answers in the CONTACT group, not the screening: how a self-referrer said to reach them.
CONTACT_ANSWERS = ("reach", "best_time", "message_ok")
CONTACT_FIELDS = (("phone", "Phone"), ("email", "Email"), ("address", "Address"))
# While a referral waits for intake, the program's intake workers (TAKE_INTAKE) see who it
# is and how to reach them, though the person is on nobody's caseload yet: that is the job.
INTAKE_OPEN = (Status.SCREENED, Status.AWAITING_INTAKE)
# People on a caseload, as casework counts an open enrollment (active or inactive).
ON_CASELOAD = (EnrollmentStatus.ACTIVE, EnrollmentStatus.INACTIVE)


# --- sealed columns ----------------------------------------------------------------------


def aad(referral: Referral, column: str) -> tuple[str, str, str]:
    """What binds a sealed column to its table, row and column (the actions seal with it)."""
    return (TABLE, referral.public_id, column)


@dataclass
class Screening:
    facts: dict[str, Any]
    decision: dict[str, Any] | None
    answers: dict[str, Any]


def open_screening(referral: Referral) -> Screening:
    """Decrypt facts, decision and answers (callers are the pages below and the actions)."""
    dek = vault.data_key(referral.person.public_id)

    def opened(column: str) -> Any:
        return vault.open_json(getattr(referral, column), dek, aad(referral, column))

    return Screening(
        opened("sealed_facts") or {}, opened("sealed_decision"), opened("sealed_answers") or {}
    )


def person_name(person: Person, dek: bytes | None = None) -> str:
    """The legal name, or the alias a self-referrer gave (decrypts: callers audit)."""
    dek = dek if dek is not None else vault.data_key(person.public_id)
    return vault.get_person_field(person, dek, "legal_name") or vault.get_person_field(
        person, dek, "aliases"
    )


# --- what a page shows -----------------------------------------------------------------------


def shown_status(referral: Referral, now: dt.datetime) -> str:
    """The status to show: returned once the window has lapsed, even before the job ran."""
    return Status.RETURNED.value if is_lapsed(referral, now) else str(referral.status)


# The one status a referrer reads in other words: why a person did not join is theirs and
# the care team's (the Golden Rule allowlist gives police "enrolled or not", no reasons).
REFERRER_WORDS = {Status.DECLINED.value: "Not enrolled"}


def officer_status(referral: Referral, now: dt.datetime) -> str:
    """What a referrer sees: the care team's status label (one vocabulary for both lists),
    except that a person's own "no" reads as "Not enrolled"; never casework."""
    status = shown_status(referral, now)
    return REFERRER_WORDS.get(status, Status(status).label)


def offered_doors(actor: Actor) -> list[tuple[str, str]]:
    """The doors this actor may refer through that the program's protocol offers."""
    protocol = program_protocol(actor.membership.program)
    offered = set(protocol.doors) if protocol else set(Door.values)
    return [(d, DOORS[d]) for d in Door.values if d in offered and d in refer_doors(actor)]


def staff_pk(raw: Any) -> int:
    """A posted worker id as a primary key; anything else matches nobody (a field error,
    never the 500 that `filter(pk="x")` raised)."""
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else 0


def staff_of(program: Program, roles: tuple[str, ...]) -> QuerySet[User]:
    members = Membership.objects.filter(
        program=program, role__in=roles, active=True, user__is_active=True
    )
    return User.objects.filter(pk__in=members.values("user_id")).order_by("first_name", "username")


def caseload_counts(program: Program, users: list[User]) -> dict[int, int]:
    """Each worker's caseload (people active or inactive with them), in one aggregate query."""
    rows = (
        Person.objects.filter(
            program=program, case_manager__in=[u.pk for u in users], status__in=ON_CASELOAD
        )
        .values("case_manager")
        .annotate(n=Count("pk"))
    )
    return {row["case_manager"]: row["n"] for row in rows}


# --- one referral --------------------------------------------------------------------------


@dataclass
class ReferralPage:
    """One referral projected down to what one actor may see."""

    referral: Referral
    actor: Actor
    groups: frozenset[FieldGroup]
    status: str = ""
    name: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    decision: dict[str, Any] | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    report_number: str = ""
    allowed: frozenset[str] = frozenset()
    now: dt.datetime = field(default_factory=timezone.now)
    # How to reach the person (the CONTACT group), as label -> value, only what is set.
    contact: dict[str, str] = field(default_factory=dict)
    in_scope: bool = False  # the person's own pages are open to this actor (links)

    @property
    def sees_screening(self) -> bool:
        return FieldGroup.REFERRAL in self.groups

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def officer_status(self) -> str:
        return officer_status(self.referral, self.now)

    @property
    def is_referrer_view(self) -> bool:
        return self.actor.rule.lists_own_referrals

    @property
    def shows_person(self) -> bool:
        """The care team's block: who it is and how to reach them (identity or contact)."""
        return bool(self.groups & {FieldGroup.IDENTITY, FieldGroup.CONTACT})

    @property
    def sees_casework(self) -> bool:
        """The person's casework page is open to this actor (the link is worth showing)."""
        return self.in_scope and FieldGroup.CASEWORK_NOTES in self.actor.rule.read


def in_intake(actor: Actor, referral: Referral) -> bool:
    """The intake relation: a program intake worker and a referral waiting for intake.

    Only roles whose policy reads identity and contact with no release needed (the care
    team) qualify; police, prosecutors, defenders, evaluators and sysadmins never do."""
    reads = actor.rule.read - actor.rule.roi_required
    return (
        actor.can(Capability.TAKE_INTAKE)
        and {FieldGroup.IDENTITY, FieldGroup.CONTACT} <= reads
        and referral.program_id == actor.program_id
        and shown_status(referral, timezone.now()) in INTAKE_OPEN
        and referral.outcome != Outcome.INELIGIBLE
    )


def _referral_groups(
    actor: Actor, referral: Referral, now: dt.datetime, *, in_scope: bool
) -> frozenset[FieldGroup]:
    person = referral.person
    groups = {FieldGroup.ENROLLMENT_STATUS}
    if in_scope:
        seen = visible_groups(actor, person)
        groups |= seen & {FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.REFERRAL}
    elif in_intake(actor, referral):
        # Who it is and how to reach them; the screening stays with the person's own team.
        groups |= {FieldGroup.IDENTITY, FieldGroup.CONTACT}
    if referral.referrer_id == actor.user.pk and now - referral.referred_at < RESULT_VISIBLE:
        # The referrer's own screening and the name they typed, shown back to them only.
        groups |= {FieldGroup.REFERRAL, FieldGroup.IDENTITY}
    return frozenset(groups)


def _open_for(page: ReferralPage) -> None:
    """Decrypt what the page's groups allow into it; a flagged person's places only for
    their care team (access.safety)."""
    groups = page.groups
    person = page.referral.person
    hidden = safety.hidden_fields(page.actor, person)
    needs_key = groups & {
        FieldGroup.IDENTITY,
        FieldGroup.CONTACT,
        FieldGroup.REFERRAL,
    } or page.actor.can(Capability.PROSECUTOR_DECISION)
    if needs_key:
        screening = open_screening(page.referral)
        # The report number names the arrest the prosecutor decides on; nothing else is shown.
        page.report_number = str(screening.answers.get("report_number", ""))
        if FieldGroup.REFERRAL in groups:
            page.facts, page.decision, page.answers = (
                screening.facts,
                screening.decision,
                screening.answers,
            )
        elif FieldGroup.CONTACT in groups and not hidden:
            # Outreach reads contact: how to reach the person, never the screening.
            page.answers = {k: v for k, v in screening.answers.items() if k in CONTACT_ANSWERS}
    if groups & {FieldGroup.IDENTITY, FieldGroup.CONTACT}:
        dek = vault.data_key(person.public_id)
        if FieldGroup.IDENTITY in groups:
            page.name = person_name(person, dek)
        if FieldGroup.CONTACT in groups:
            opened = (
                (label, vault.get_person_field(person, dek, col))
                for col, label in CONTACT_FIELDS
                if col not in hidden
            )
            page.contact = {label: value for label, value in opened if value}


def read_referral_for(request: HttpRequest, public_id: str, *, purpose: str) -> ReferralPage:
    """One referral for the requesting user, projected and audited (404 outside scope)."""
    actor, referral = get_referral_for(request, public_id, purpose=purpose)
    now = timezone.now()
    in_scope = scoped_people(actor).filter(pk=referral.person_id).exists()
    groups = _referral_groups(actor, referral, now, in_scope=in_scope)
    page = ReferralPage(
        referral=referral,
        actor=actor,
        groups=groups,
        status=shown_status(referral, now),
        allowed=frozenset(a for a in ACTIONS if may(actor, a, referral)),
        now=now,
        in_scope=in_scope,
    )
    with transaction.atomic():
        _open_for(page)
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=referral.person.public_id,
            groups=sorted(groups),
            purpose=purpose,
            detail={
                "referral": referral.public_id,
                "report_number": bool(page.report_number),
                "intake": in_intake(actor, referral) and not page.in_scope,
            },
        )
    return page


# --- lists ---------------------------------------------------------------------------------


@dataclass
class ReferralRow:
    referral: Referral
    name: str = ""
    clock: str = ""
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def status_label(self) -> str:
        return Status(shown_status(self.referral, self.now)).label

    @property
    def officer_status(self) -> str:
        return officer_status(self.referral, self.now)


def _shows_names(actor: Actor) -> bool:
    return (
        FieldGroup.IDENTITY in actor.rule.read
        and FieldGroup.IDENTITY not in actor.rule.roi_required
    )


def list_referrals_for(
    request: HttpRequest,
    referrals: QuerySet[Referral],
    *,
    purpose: str,
    clock: Callable[[Referral], str] | None = None,
    page: PageNumber = 1,
) -> tuple[list[ReferralRow], Page[Any]]:
    """One page (LIST_LIMIT) of rows of plaintext columns, and names where the policy shows
    names; one audit event naming only the referrals on this page."""
    now = timezone.now()
    shown = page_of(referrals.select_related("person", "program", "handed_off_to"), page)
    chosen = list(shown.object_list)
    with audited_list(request, purpose=purpose) as listing:
        named: set[int] = set()
        if _shows_names(listing.actor):
            named = set(
                scoped_people(listing.actor)
                .filter(pk__in=[r.person_id for r in chosen])
                .values_list("pk", flat=True)
            )
        shown_groups = [FieldGroup.ENROLLMENT_STATUS] + ([FieldGroup.IDENTITY] if named else [])
        listing.groups = [str(g) for g in shown_groups]
        listing.detail = {"referrals": [r.public_id for r in chosen]}
        # One query for the page's keys, not one per named row.
        keys = vault.data_keys([r.person.public_id for r in chosen if r.person_id in named])
        rows = [
            ReferralRow(
                referral,
                person_name(referral.person, keys.get(referral.person.public_id))
                if referral.person_id in named
                else "",
                clock(referral) if clock else "",
                now,
            )
            for referral in chosen
        ]
    return rows, shown


def my_referrals(actor: Actor) -> QuerySet[Referral]:
    """A referrer's own referrals, newest first."""
    return referral_scope(actor).order_by("-referred_at", "pk")


def open_referrals(actor: Actor) -> QuerySet[Referral]:
    """The workgroup's open referrals, newest first."""
    return referral_scope(actor).filter(status__in=OPEN_STATUSES).order_by("-referred_at", "pk")


@dataclass
class Clock:
    """The intake clock at one moment: the waiting referrals and each one's clock."""

    actor: Actor
    now: dt.datetime

    @property
    def waiting(self) -> QuerySet[Referral]:
        statuses = [Status.AWAITING_INTAKE, Status.RETURNED]
        return referral_scope(self.actor).filter(status__in=statuses)

    @property
    def by_deadline(self) -> QuerySet[Referral]:
        return self.waiting.order_by("intake_deadline", "pk")

    def of(self, referral: Referral) -> str:
        if referral.status == Status.RETURNED or referral.intake_deadline is None:
            return ClockStatus.OVERDUE.value
        return clock_status(referral.intake_deadline, self.now).value

    def totals(self) -> Counter[str]:
        """Totals over every waiting referral from plaintext columns only (no names)."""
        return Counter(self.of(r) for r in self.waiting.only("status", "intake_deadline"))
