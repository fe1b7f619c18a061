"""Caseloads, the supervisor dashboard, snapshot due dates and pre-fill.

Views call these only after the access helpers have scoped and audited the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from openlead.access.helpers import PageNumber, page_of
from openlead.casework.codes import EmploymentStage, Residence, YesNo
from openlead.casework.models import (
    SNAPSHOT_FACTS,
    Appointment,
    AppointmentStatus,
    Contact,
    ContactKind,
    Enrollment,
    Goal,
    GoalStatus,
    LinkState,
    LocationCategory,
    ServiceLink,
    StatusSnapshot,
)
from openlead.casework.queries.funds import settings_for
from openlead.casework.queries.records import OPEN_STATES, open_assessment, person_name
from openlead.people import vault
from openlead.people.models import Person
from openlead.programs.models import Program

# ---- monthly snapshot due dates ---------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def latest_due_month(today: dt.date, due_day: int) -> dt.date:
    """The most recent month whose snapshot was due by `due_day` of the following month."""
    last = previous_month(today)
    return last if today.day > due_day else previous_month(last)


def snapshot_overdue(
    person: Person, started_on: dt.date | None, today: dt.date, due_day: int
) -> dt.date | None:
    """The overdue month, if the person was enrolled in it and it has no snapshot."""
    due = latest_due_month(today, due_day)
    if started_on is None or started_on > _month_end(due):
        return None
    has = StatusSnapshot.objects.filter(person=person, month=due).exists()
    return None if has else due


# ---- snapshot pre-fill ------------------------------------------------------------------

CONTACT_HINTS = {ContactKind.CUSTODY: Residence.JAIL}
LOCATION_HINTS = {LocationCategory.SHELTER: Residence.EMERGENCY_SHELTER}


def prefill_snapshot(person: Person, month: dt.date) -> dict[str, Any]:
    """Start from last month's snapshot, then the latest assessment's facts, then a newer contact's hint."""
    values: dict[str, Any] = {
        "living_situation": Residence.NOT_COLLECTED,
        "employment_stage": EmploymentStage.NOT_COLLECTED,
        "income_any": YesNo.NOT_COLLECTED,
        "income_sources": [],
        "insurance_any": YesNo.NOT_COLLECTED,
        "insurance_sources": [],
        "sources": [],
    }
    end = _month_end(month)
    previous = person.status_snapshots.filter(month__lt=month).first()
    if previous:
        values.update({k: getattr(previous, k) for k in SNAPSHOT_FACTS})
        values["sources"].append(f"snapshot {previous.month:%Y-%m}")
    assessment = person.assessments.filter(assessed_on__lte=end).first()
    if assessment:
        facts = open_assessment(assessment, vault.data_key(person.public_id), health=False)["facts"]
        values.update({k: v for k, v in facts.items() if k in values and v not in (None, "")})
        values["sources"].append(f"assessment {assessment.assessed_on:%Y-%m-%d}")
    contact = person.contacts.filter(occurred_at__date__lte=end).first()
    newer = contact and (assessment is None or contact.occurred_at.date() >= assessment.assessed_on)
    if contact and newer:
        hint = CONTACT_HINTS.get(ContactKind(contact.kind)) or LOCATION_HINTS.get(
            LocationCategory(contact.location)
        )
        if hint:
            values["living_situation"] = hint
            values["sources"].append(f"contact {contact.occurred_at:%Y-%m-%d}")
    return values


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


# ---- caseloads --------------------------------------------------------------------------


@dataclass
class CaseloadRow:
    person: Person
    status: str
    last_contact: dt.datetime | None
    days_since: int | None
    open_goals: int
    upcoming_links: int
    snapshot_overdue: dt.date | None
    name: str = ""
    next_appointment: dt.datetime | None = None


def _open_enrollments(program_id: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(program_id=program_id, status__in=OPEN_STATES).select_related(
        "person"
    )


def _due_flag(
    started_on: dt.date, due: dt.date, recorded: set[int], person_id: int
) -> dt.date | None:
    return None if started_on > _month_end(due) or person_id in recorded else due


def caseload_rows(
    program_id: int, manager: Any, today: dt.date | None = None, *, show_names: bool = False
) -> list[CaseloadRow]:
    """The first page of `caseload_page`."""
    return caseload_page(program_id, manager, today, show_names=show_names)[0]


def caseload_page(
    program_id: int,
    manager: Any,
    today: dt.date | None = None,
    *,
    show_names: bool = False,
    page: PageNumber = 1,
) -> tuple[list[CaseloadRow], Page[Any]]:
    """One page (LIST_LIMIT) of rows, one per open enrollment; counts are subqueries so a
    page costs a few queries, and names are decrypted only for the rows shown."""
    today = today or timezone.localdate()
    due = latest_due_month(today, settings_for(program_id).snapshot_due_day)
    open_goals = Goal.objects.filter(person=OuterRef("person"), status=GoalStatus.OPEN)
    upcoming = Appointment.objects.filter(
        person=OuterRef("person"), status=AppointmentStatus.PLANNED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    moving = ServiceLink.objects.filter(
        person=OuterRef("person"), state__in=[LinkState.SENT, LinkState.ACCEPTED]
    )
    ordered = (
        _open_enrollments(program_id)
        .filter(case_manager=manager)
        .annotate(
            next_appointment=Subquery(upcoming.values("starts_at")[:1]),
            last_contact=Subquery(
                Contact.objects.filter(person=OuterRef("person"))
                .order_by("-occurred_at")
                .values("occurred_at")[:1]
            ),
            open_goals=Coalesce(
                Subquery(open_goals.values("person").annotate(n=Count("pk")).values("n")), 0
            ),
            moving_links=Coalesce(
                Subquery(moving.values("person").annotate(n=Count("pk")).values("n")), 0
            ),
        )
        .order_by(F("last_contact").asc(nulls_first=True), "pk")
    )
    shown = page_of(ordered, page)
    enrollments = list(shown.object_list)
    recorded = set(
        StatusSnapshot.objects.filter(
            person_id__in=[e.person_id for e in enrollments], month=due
        ).values_list("person_id", flat=True)
    )
    rows = []
    for e in enrollments:
        last = getattr(e, "last_contact", None)
        rows.append(
            CaseloadRow(
                person=e.person,
                status=e.get_status_display(),
                last_contact=last,
                days_since=(today - timezone.localdate(last)).days if last else None,
                open_goals=getattr(e, "open_goals", 0),
                upcoming_links=getattr(e, "moving_links", 0),
                next_appointment=getattr(e, "next_appointment", None),
                snapshot_overdue=_due_flag(e.started_on, due, recorded, e.person_id),
                name=person_name(e.person) if show_names else "",
            )
        )
    return rows, shown


@dataclass
class WorkerLoad:
    username: str
    name: str
    count: int
    over_max: bool


@dataclass
class Dashboard:
    program: Program
    workers: list[WorkerLoad]
    average: float
    average_over: bool
    any_over_max: bool
    no_contact: list[tuple[Person, dt.datetime | None]] = field(default_factory=list)
    no_contact_days: int = 30
    # The page of the no-contact list shown (LIST_LIMIT rows); None only when built by hand.
    no_contact_page: Page[Any] | None = None


def caseload_warnings(
    counts: list[int], average_limit: int, max_limit: int
) -> tuple[float, bool, bool]:
    """LEAD's standard: average at most `average_limit`, nobody over `max_limit` (at the limit is fine)."""
    average = sum(counts) / len(counts) if counts else 0.0
    return average, average > average_limit, any(c > max_limit for c in counts)


def supervisor_dashboard(
    program: Program, today: dt.date | None = None, *, page: PageNumber = 1
) -> Dashboard:
    today = today or timezone.localdate()
    loads = (
        _open_enrollments(program.pk)
        .exclude(case_manager=None)
        .values("case_manager__username", "case_manager__first_name", "case_manager__last_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "case_manager__username")
    )
    workers = [
        WorkerLoad(
            r["case_manager__username"],
            f"{r['case_manager__first_name']} {r['case_manager__last_name']}".strip(),
            r["n"],
            r["n"] > program.caseload_max,
        )
        for r in loads
    ]
    average, average_over, any_over = caseload_warnings(
        [w.count for w in workers], program.caseload_average_limit, program.caseload_max
    )
    days = settings_for(program).no_contact_warning_days
    cutoff = timezone.now() - dt.timedelta(days=days)
    quiet = (
        _open_enrollments(program.pk)
        .annotate(last=Max("person__contacts__occurred_at"))
        .filter(Q(last__lt=cutoff) | Q(last=None))
        .order_by(F("last").asc(nulls_first=True), "pk")
    )
    shown = page_of(quiet, page)
    no_contact = [(e.person, getattr(e, "last", None)) for e in shown.object_list]
    return Dashboard(program, workers, average, average_over, any_over, no_contact, days, shown)
