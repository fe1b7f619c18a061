"""Caseloads, the supervisor dashboard, snapshot due dates and pre-fill.

Views call these only after the access helpers have scoped and audited the request.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from openlead.access.helpers import PageNumber, page_of
from openlead.access.safety import active_flags
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
from openlead.casework.queries.records import OPEN_STATES, open_assessment
from openlead.legal.models import OPEN_CASE_STATUSES, CourtDate
from openlead.people import vault
from openlead.people.models import ConsentRelease, EnrollmentStatus, Person
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

# A caseload is the people assigned to the case manager who have not exited: enrolled
# (active or inactive) and referred people still waiting for an intake.
CASELOAD_STATES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.INACTIVE, EnrollmentStatus.REFERRED)
NO_CONTACT_DAYS = (7, 14, 30)
COURT_BADGE_AHEAD = dt.timedelta(days=7)  # a court date this close shows on the caseload
RELEASE_WARN_DAYS = (7, 14, 30)  # badge levels: a release ending within 30, 14 or 7 days
CASELOAD_SORTS = ("last_contact", "name", "next_appointment", "referral")
_SQL_ORDER: dict[str, tuple[Any, ...]] = {
    # Never contacted first: they are who needs the case manager most.
    "last_contact": (F("last_contact").asc(nulls_first=True), "pk"),
    "next_appointment": (F("next_appointment").asc(nulls_last=True), "pk"),
    "referral": ("-referred_at", "-pk"),
    "name": ("pk",),  # then sorted in memory by the decrypted name (_by_name)
}


@dataclass(frozen=True)
class CaseloadFilters:
    name: str = ""  # part of a name or nickname; from a POST body only, never audited
    no_contact_days: int | None = None
    status: str = ""
    status_due: bool = False
    consent_expiring: bool = False
    sort: str = "last_contact"

    @property
    def narrowed(self) -> bool:
        return bool(
            self.name
            or self.no_contact_days
            or self.status
            or self.status_due
            or self.consent_expiring
        )

    def audit_detail(self) -> dict[str, Any]:
        """What the audit event records: the kind of search and the filter codes, never the text."""
        return {
            "query": "name" if self.name else "",
            "filters": {
                "no_contact": self.no_contact_days,
                "status": self.status,
                "due": self.status_due,
                "consent": self.consent_expiring,
            },
            "sort": self.sort,
        }


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
    release_days: int | None = None  # days until the soonest active release ends (<= 30)
    release_level: int | None = None  # 30, 14 or 7: the badge's level
    quiet: bool = False  # no contact for the program's warning days (or never)
    next_court: dt.datetime | None = None  # a court date within COURT_BADGE_AHEAD
    safety_flag: bool = False  # the care team's discreet badge (access.safety)


@dataclass
class CaseloadPage:
    rows: list[CaseloadRow]
    page: Page[Any]
    total: int  # the whole caseload, before filters ("Showing 8 of 79")


def _annotated(program_id: int, manager: Any, today: dt.date, due: dt.date) -> QuerySet[Person]:
    """The caseload with every column a row needs, each a subquery: a page costs the same
    few queries with 5 rows or 25."""
    person = OuterRef("pk")
    enrolled = Enrollment.objects.filter(person=person, status__in=OPEN_STATES).order_by(
        "-started_on", "-pk"
    )
    upcoming = Appointment.objects.filter(
        person=person, status=AppointmentStatus.PLANNED, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    releases = ConsentRelease.objects.filter(
        person=person, revoked_at=None, starts_on__lte=today, expires_on__gte=today
    ).order_by("expires_on")
    goals = Goal.objects.filter(person=person, status=GoalStatus.OPEN)
    now = timezone.now()
    # The badge "Court <date>": the soonest court date of an open case within 7 days.
    court = CourtDate.objects.filter(
        case__person=person,
        case__status__in=OPEN_CASE_STATUSES,
        at__gte=now,
        at__lt=now + COURT_BADGE_AHEAD,
    ).order_by("at")
    moving = ServiceLink.objects.filter(
        person=person, state__in=[LinkState.SENT, LinkState.ACCEPTED]
    )
    return Person.objects.filter(
        program_id=program_id, case_manager=manager, status__in=CASELOAD_STATES
    ).annotate(
        enrolled_on=Subquery(enrolled.values("started_on")[:1]),
        next_appointment=Subquery(upcoming.values("starts_at")[:1]),
        last_contact=Subquery(
            Contact.objects.filter(person=person).order_by("-occurred_at").values("occurred_at")[:1]
        ),
        release_ends=Subquery(releases.values("expires_on")[:1]),
        next_court=Subquery(court.values("at")[:1]),
        status_recorded=Exists(StatusSnapshot.objects.filter(person=person, month=due)),
        # A caseload is its care team's (case manager, supervisors): the badge is theirs.
        safety_flag=Exists(active_flags().filter(person=person)),
        open_goals=Coalesce(
            Subquery(goals.values("person").annotate(n=Count("pk")).values("n")), 0
        ),
        moving_links=Coalesce(
            Subquery(moving.values("person").annotate(n=Count("pk")).values("n")), 0
        ),
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filtered(
    people: QuerySet[Person], f: CaseloadFilters, today: dt.date, due: dt.date
) -> QuerySet[Person]:
    # The annotations (_annotated) go through Q(): the type checker knows only model fields.
    if f.status:
        people = people.filter(status=f.status)
    if f.no_contact_days:
        # "No contact in 7 days": nothing today or on the 6 days before (or never).
        cutoff = _day_start(today - dt.timedelta(days=f.no_contact_days - 1))
        people = people.filter(Q(last_contact__lt=cutoff) | Q(last_contact=None))
    if f.status_due:
        people = people.filter(Q(enrolled_on__lte=_month_end(due)), Q(status_recorded=False))
    if f.consent_expiring:
        soon = today + dt.timedelta(days=RELEASE_WARN_DAYS[-1])
        people = people.filter(Q(release_ends__lte=soon))
    return people


def _words(text: str) -> list[str]:
    """Case- and accent-blind words of a name ("José García-López" -> jose, garcia, lopez)."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in plain if not unicodedata.combining(c))
    return kept.split()


def _matches(wanted: list[str], words: list[str]) -> bool:
    """Every typed word starts a word of the name or nicknames ("mar gar" finds Maria Garcia)."""
    return all(any(w.startswith(part) for w in words) for part in wanted)


def _by_name(people: QuerySet[Person], f: CaseloadFilters) -> tuple[list[int], dict[str, bytes]]:
    """The people's ids matching `f.name`, in name order when asked.

    Names are sealed per person, so the database cannot search or sort them. A caseload is
    the actor's own scope (at most a few hundred people), so this decrypts the names of
    the scoped, filtered people in memory, with all their keys fetched in one query
    (vault.data_keys); the caller audits the page as a LIST or SEARCH
    with the kind of search ("name"), never the text typed. A shredded person has no key
    and matches nothing. Program-wide name search is the keyed-token index, not this."""
    wanted = _words(f.name)
    found: list[tuple[str, int]] = []
    candidates = list(people.only("pk", "public_id", "legal_name", "aliases"))
    keys = vault.data_keys([p.public_id for p in candidates])
    for person in candidates:
        dek = keys.get(person.public_id)
        name = vault.shown_name(person, dek) if dek else ""
        aliases = vault.get_person_field(person, dek, "aliases") if dek else ""
        if dek and _matches(wanted, _words(f"{name} {aliases}")):
            found.append((" ".join(_words(name)) or "\uffff", person.pk))  # nameless last
    if f.sort == "name":
        found.sort()
    return [pk for _, pk in found], keys


def _release_badge(ends: dt.date | None, today: dt.date) -> tuple[int | None, int | None]:
    if ends is None or (ends - today).days > RELEASE_WARN_DAYS[-1]:
        return None, None
    days = (ends - today).days
    return days, next(level for level in RELEASE_WARN_DAYS if days <= level)


def caseload_rows(
    program_id: int, manager: Any, today: dt.date | None = None, *, show_names: bool = False
) -> list[CaseloadRow]:
    """The first page of `caseload_page`, unfiltered."""
    return caseload_page(program_id, manager, today, show_names=show_names).rows


def caseload_page(
    program_id: int,
    manager: Any,
    today: dt.date | None = None,
    *,
    show_names: bool = False,
    page: PageNumber = 1,
    filters: CaseloadFilters | None = None,
) -> CaseloadPage:
    """One page (LIST_LIMIT) of the manager's caseload, filtered and sorted; names are
    decrypted for the rows shown only, with their keys in one query, unless the search
    or the name sort needs the whole (small) caseload's (see _by_name)."""
    f = filters or CaseloadFilters()
    if not show_names and (f.name or f.sort == "name"):
        f = replace(f, name="", sort="last_contact")  # never search what cannot be read
    today = today or timezone.localdate()
    program_settings = settings_for(program_id)
    due = latest_due_month(today, program_settings.snapshot_due_day)
    everyone = _annotated(program_id, manager, today, due)
    people = _filtered(everyone, f, today, due).order_by(*_SQL_ORDER.get(f.sort, ("pk",)))
    keys: dict[str, bytes] = {}
    if f.name or f.sort == "name":
        matched, keys = _by_name(people, f)
        shown = page_of(matched, page)
        by_pk = {p.pk: p for p in people.filter(pk__in=list(shown.object_list))}
        chosen = [by_pk[pk] for pk in shown.object_list if pk in by_pk]
    else:
        shown = page_of(people, page)
        chosen = list(shown.object_list)
        if show_names:
            keys = vault.data_keys([p.public_id for p in chosen])
    quiet_days = program_settings.no_contact_warning_days
    rows = [_row(p, today, due, keys if show_names else None, quiet_days) for p in chosen]
    total = everyone.count() if f.narrowed else shown.paginator.count
    return CaseloadPage(rows, shown, total)


def _row(
    p: Person, today: dt.date, due: dt.date, keys: dict[str, bytes] | None, quiet_days: int
) -> CaseloadRow:
    last: dt.datetime | None = getattr(p, "last_contact", None)
    days_since = (today - timezone.localdate(last)).days if last else None
    enrolled_on: dt.date | None = getattr(p, "enrolled_on", None)
    recorded = getattr(p, "status_recorded", False)
    release_days, release_level = _release_badge(getattr(p, "release_ends", None), today)
    dek = keys.get(p.public_id) if keys else None
    return CaseloadRow(
        person=p,
        status=p.get_status_display(),
        last_contact=last,
        days_since=days_since,
        open_goals=getattr(p, "open_goals", 0),
        upcoming_links=getattr(p, "moving_links", 0),
        next_appointment=getattr(p, "next_appointment", None),
        snapshot_overdue=None
        if enrolled_on is None or enrolled_on > _month_end(due) or recorded
        else due,
        name=vault.shown_name(p, dek) if dek else "",
        release_days=release_days,
        release_level=release_level,
        quiet=days_since is None or days_since >= quiet_days,
        next_court=getattr(p, "next_court", None),
        safety_flag=bool(getattr(p, "safety_flag", False)),
    )


def _open_enrollments(program_id: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(program_id=program_id, status__in=OPEN_STATES).select_related(
        "person"
    )


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
