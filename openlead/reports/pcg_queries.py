"""The counts behind the policy group's quarterly report: aggregates of one program, never rows.

Each function returns a `Table` of counts for one quarter, read with `values()` and
`Count` over the program's records (no names, no public ids reach the report). The view
reads them inside one audited, people-free listing (openlead.reports.pcg_views); the page
shows only their suppressed form (pcg_tables.Published).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q

from openlead.casework.codes import EmploymentStage
from openlead.casework.models import EnrollmentEvent, EnrollmentEventKind, StatusSnapshot
from openlead.legal.models import DecisionKind, LegalDecision
from openlead.programs.models import Program
from openlead.referrals.models import Door, Outcome, Referral
from openlead.reports.pcg_quarters import Quarter, program_zone
from openlead.reports.pcg_retained import with_retained
from openlead.reports.pcg_tables import Table

NO_AGENCY = "No agency (self-referral)"
CASELOAD_BANDS = ((1, 5), (6, 10), (11, 15), (16, 20), (21, 25), (26, None))
CHANGES = ("Better", "Same", "Worse")


def _window(program: Program, quarter: Quarter, field: str) -> Q:
    start, end = quarter.bounds(program_zone(program))
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _referrals(program: Program) -> Any:
    return Referral.objects.filter(program=program, person__merged_into__isnull=True)


def _grid(pairs: Counter[tuple[str, str]], rows: list[str], cols: list[str]) -> list[list[int]]:
    return [[pairs[(r, c)] for c in cols] for r in rows]


def referrals_by_door_and_agency(program: Program, quarter: Quarter) -> Table:
    found = (
        _referrals(program)
        .filter(_window(program, quarter, "referred_at"))
        .values("door", "referrer_organization__name")
        .annotate(n=Count("pk"))
    )
    pairs: Counter[tuple[str, str]] = Counter()
    for row in found:
        pairs[(row["door"], row["referrer_organization__name"] or NO_AGENCY)] += row["n"]
    agencies = sorted({agency for _, agency in pairs}) or ["Any agency"]
    return Table(
        "referrals",
        "Referrals by door and agency",
        "Referrals received in the quarter, by the door they came through and the "
        "referrer's agency.",
        [d.label for d in Door],
        agencies,
        _grid(pairs, [d.value for d in Door], agencies),
    )


def eligibility_decisions(program: Program, quarter: Quarter) -> Table:
    found = (
        _referrals(program)
        .filter(_window(program, quarter, "screened_at"))
        .exclude(outcome="")
        .values("outcome", "door")
        .annotate(n=Count("pk"))
    )
    pairs = Counter({(r["outcome"], r["door"]): r["n"] for r in found})
    return Table(
        "eligibility",
        "Eligibility decisions",
        "Referrals screened in the quarter, by the screening's outcome and the door.",
        [o.label for o in Outcome],
        [d.label for d in Door],
        _grid(pairs, [o.value for o in Outcome], [d.value for d in Door]),
    )


def intakes_completed(program: Program, quarter: Quarter) -> Table:
    found = (
        _referrals(program)
        .filter(_window(program, quarter, "intake_completed_at"))
        .values("door", "intake_completed_at", "intake_deadline")
    )
    pairs: Counter[tuple[str, str]] = Counter()
    for row in found:
        deadline = row["intake_deadline"]
        late = deadline is not None and row["intake_completed_at"] > deadline
        pairs[(row["door"], "late" if late else "on_time")] += 1
    return Table(
        "intakes",
        "Intakes completed",
        "Intakes completed in the quarter, by door, and whether they were completed by the "
        "referral's intake deadline (a referral without one counts as on time).",
        [d.label for d in Door],
        ["By the deadline", "After the deadline"],
        _grid(pairs, [d.value for d in Door], ["on_time", "late"]),
    )


def _state_at(program: Program, day: dt.date) -> dict[int, tuple[str, int | None]]:
    """Each person's enrollment state and case manager on `day`, replayed from the
    enrollment events (the rows never overwrite history), latest enrollment winning."""
    events = (
        EnrollmentEvent.objects.filter(
            enrollment__program=program,
            enrollment__person__merged_into__isnull=True,
            on__lte=day,
        )
        .order_by("enrollment__started_on", "enrollment_id", "on", "at", "pk")
        .values_list("enrollment__person_id", "kind", "to_manager_id")
    )
    kinds: dict[str, str] = {
        EnrollmentEventKind.ENROLLED.value: "active",
        EnrollmentEventKind.REACTIVATED.value: "active",
        EnrollmentEventKind.INACTIVE.value: "inactive",
        EnrollmentEventKind.EXITED.value: "exited",
    }
    state: dict[int, tuple[str, int | None]] = {}
    for person, kind, to_manager in events:
        status, manager = state.get(person, ("active", None))
        if kind in (EnrollmentEventKind.ENROLLED, EnrollmentEventKind.REASSIGNED):
            manager = to_manager
        state[person] = (kinds.get(kind, status), manager)
    return state


def status_at_quarter_end(program: Program, quarter: Quarter) -> Table:
    states = Counter(status for status, _ in _state_at(program, quarter.last_day).values())
    labels = [("active", "Active"), ("inactive", "Inactive"), ("exited", "Exited")]
    return Table(
        "status",
        "Participants at the end of the quarter",
        "People enrolled by the quarter's last day, by their enrollment status on that day "
        "(exited counts everyone who has left the program by then).",
        [label for _, label in labels],
        ["People"],
        [[states[code]] for code, _ in labels],
    )


def _band(size: int) -> int:
    return next(i for i, (low, high) in enumerate(CASELOAD_BANDS) if high is None or size <= high)


def _band_label(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high is not None else f"{low} or more"


def caseloads(program: Program, quarter: Quarter) -> list[Table]:
    """Two distributions at quarter end: case managers by caseload size, and people by
    the size of their case manager's caseload (active and inactive people count)."""
    sizes = Counter(
        manager
        for status, manager in _state_at(program, quarter.last_day).values()
        if status != "exited" and manager is not None
    )
    managers = Counter(_band(n) for n in sizes.values())
    people = Counter({b: 0 for b in range(len(CASELOAD_BANDS))})
    for n in sizes.values():
        people[_band(n)] += n
    labels = [_band_label(low, high) for low, high in CASELOAD_BANDS]
    bands = range(len(CASELOAD_BANDS))
    return [
        Table(
            "caseload_managers",
            "Caseloads: case managers by caseload size",
            "Case managers with anyone active or inactive on their caseload on the quarter's "
            "last day, by how many people that was.",
            labels,
            ["Case managers"],
            [[managers[b]] for b in bands],
        ),
        Table(
            "caseload_people",
            "Caseloads: people by their case manager's caseload size",
            "Active and inactive people on the quarter's last day, by the size of their "
            "case manager's caseload.",
            labels,
            ["People"],
            [[people[b]] for b in bands],
        ),
    ]


def prosecutor_decisions(program: Program, quarter: Quarter) -> Table:
    on_referrals = (
        _referrals(program)
        .filter(_window(program, quarter, "prosecutor_decided_at"))
        .exclude(prosecutor_decision="")
        .values("prosecutor_decision")
        .annotate(n=Count("pk"))
    )
    on_cases = (
        LegalDecision.objects.filter(
            program=program, case__isnull=False, person__merged_into__isnull=True
        )
        .filter(_window(program, quarter, "decided_at"))
        .values("kind")
        .annotate(n=Count("pk"))
    )
    pairs: Counter[tuple[str, str]] = Counter()
    pairs.update({(r["prosecutor_decision"], "referral"): r["n"] for r in on_referrals})
    pairs.update({(r["kind"], "case"): r["n"] for r in on_cases})
    return Table(
        "prosecutor",
        "Prosecutor decisions",
        "The prosecutor's decisions made in the quarter: on a returned or reviewed referral, "
        "and on a pending case.",
        [k.label for k in DecisionKind],
        ["On a referral", "On a pending case"],
        _grid(pairs, [k.value for k in DecisionKind], ["referral", "case"]),
    )


def _housing(code: int) -> int | None:
    """HMIS residence class by first digit: homeless (1xx) below institutional or
    temporary (2xx, 3xx, one step) below permanent (4xx); the answers that say nothing
    (two-digit codes) are not compared."""
    if code >= 400:
        return 3
    if code >= 200:
        return 2
    return 1 if code >= 100 else None


_EMPLOYMENT = {
    EmploymentStage.NONE: 0,
    EmploymentStage.TRAINING: 1,
    EmploymentStage.SEEKING: 1,
    EmploymentStage.INFORMAL: 2,
    EmploymentStage.PART_TIME: 3,
    EmploymentStage.FULL_TIME: 4,
}
MEASURES = (
    ("Housing", lambda s: _housing(s["living_situation"])),
    ("Income or benefits", lambda s: s["income_any"] if s["income_any"] in (0, 1) else None),
    ("Employment", lambda s: _EMPLOYMENT.get(s["employment_stage"])),
)


def _compare(before: int | None, after: int | None) -> str | None:
    if before is None or after is None:
        return None
    return CHANGES[0] if after > before else CHANGES[2] if after < before else CHANGES[1]


def _latest(rows: Iterable[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    latest: dict[int, dict[str, Any]] = {}
    for row in rows:  # ordered by month, so the last one wins
        latest[row["person_id"]] = row
    return latest


def status_changes(program: Program, quarter: Quarter) -> Table:
    """Each person's latest monthly status in the quarter against their latest before it."""
    fields = ("person_id", "month", "living_situation", "income_any", "employment_stage")
    snapshots = StatusSnapshot.objects.filter(
        person__program=program, person__merged_into__isnull=True
    ).order_by("month")
    before = _latest(snapshots.filter(month__lt=quarter.first_day).values(*fields))
    during = _latest(
        snapshots.filter(month__gte=quarter.first_day, month__lte=quarter.last_day).values(*fields)
    )
    pairs: defaultdict[tuple[str, str], int] = defaultdict(int)
    for person, now in during.items():
        if person not in before:
            continue
        for label, level in MEASURES:
            change = _compare(level(before[person]), level(now))
            if change is not None:
                pairs[(label, change)] += 1
    labels = [label for label, _ in MEASURES]
    return Table(
        "changes",
        "Housing, income and employment changes",
        "People with a monthly status in the quarter and one before it: their latest status "
        "in the quarter against their latest before it (answers that say nothing are left out).",
        labels,
        list(CHANGES),
        [[pairs[(r, c)] for c in CHANGES] for r in labels],
    )


def report_tables(program: Program, quarter: Quarter) -> list[Table]:
    """Every table of the report, in the page's order: the live counts plus what deleted
    people added to them (pcg_retained), so a deletion never changes a past quarter."""
    return with_retained(program, quarter, live_tables(program, quarter))


def live_tables(program: Program, quarter: Quarter) -> list[Table]:
    """The tables from the rows as they are now."""
    return [
        referrals_by_door_and_agency(program, quarter),
        eligibility_decisions(program, quarter),
        intakes_completed(program, quarter),
        *caseloads(program, quarter),
        prosecutor_decisions(program, quarter),
        status_at_quarter_end(program, quarter),
        status_changes(program, quarter),
    ]
