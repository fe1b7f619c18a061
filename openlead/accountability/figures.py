"""The page's figures for one year, as they may be published: every count suppressed
(joint.py for the three tables of referrals, evaluation.suppression for the others), and
every rate, share and median shown only where the counts behind it are shown.

A rate per 1,000 residents gives its count back (the population is public), and a share
gives its numerator back when its denominator is shown, so neither may show where its
count is hidden. The officer measures are shown for a quarter with at least SMALL_CELL
police-door referrals from at least MIN_OFFICERS officers: they describe officers, not
participants, and on fewer they would describe one or two people's habits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openlead.accountability import queries
from openlead.accountability.groups import GROUP_LABELS, NOT_RECORDED
from openlead.accountability.joint import suppress_linked
from openlead.evaluation.suppression import SMALL_CELL, Suppressed, suppress
from openlead.programs.models import Program
from openlead.reports.pcg_quarters import Quarter

MIN_OFFICERS = 5
DOOR_LABELS: dict[str, Promise] = {
    "arrest": _("Arrest diversion"),
    "social_contact": _("Social contact referral"),
    "community": _("Community referral"),
    "self": _("Self-referral"),
}
CHARGE_LABELS: dict[str, Promise] = {
    "no_charge": _("No current charge"),
    "charge": _("Arrest or open case"),
}
DESTINATION_LABELS: dict[str, Promise] = {
    "homeless": _("Homeless situation"),
    "institutional": _("Institution (hospital, jail, treatment)"),
    "temporary": _("Temporary housing"),
    "permanent": _("Permanent housing"),
    "other": _("Other or not known"),
}


@dataclass(frozen=True)
class Grid:
    """A published table: row codes and labels, one column per quarter, and its margins."""

    key: str
    codes: list[str]
    labels: list[Promise]
    shown: Suppressed

    def cell(self, row: int, col: int) -> int | None:
        return self.shown.cells[row][col]

    def row_total(self, row: int) -> int | None:
        if self.shown.row_totals:
            return self.shown.row_totals[row]
        if len(self.shown.cells[0]) == 1:  # one quarter: the row total is the cell
            return self.cell(row, 0)
        return self.shown.grand if len(self.shown.cells) == 1 else None

    def col_total(self, col: int) -> int | None:
        if self.shown.col_totals:
            return self.shown.col_totals[col]
        if len(self.shown.cells) == 1:  # one line: the quarter's total is the cell
            return self.cell(0, col)
        return self.shown.grand if len(self.shown.cells[0]) == 1 else None

    @property
    def grand(self) -> int | None:
        return self.shown.grand


@dataclass(frozen=True)
class Officers:
    quarter: Quarter
    officers: int  # officers who referred anyone through a police door in the quarter
    top_share: float | None  # None: too few to publish, or no police referrals
    gini: float | None

    @property
    def withheld(self) -> bool:
        """There were police referrals, but too few (or from too few officers) to publish."""
        return self.officers > 0 and self.top_share is None


@dataclass
class Figures:
    program: Program
    year: int
    quarters: list[Quarter]
    doors: Grid
    groups: Grid
    charges: Grid
    housed: Grid
    exits: Grid
    officers: list[Officers]
    median_days: list[float | None]
    population: dict[str, int] = field(default_factory=dict)
    population_note: str = ""


def _grid(
    pairs: Counter[tuple[str, Quarter]], codes: list[str], quarters: list[Quarter]
) -> list[list[int]]:
    return [[pairs[(c, q)] for q in quarters] for c in codes]


def _officers(rows: list[queries.ReferralRow], quarter: Quarter) -> Officers:
    import numpy as np  # only here: the page needs numpy for these two measures alone

    from openlead.evaluation.designs.equity_lens.stats import gini, top_share

    counts = np.array(queries.officer_counts(rows, quarter), dtype=float)
    enough = counts.sum() >= SMALL_CELL and len(counts) >= MIN_OFFICERS
    return Officers(
        quarter,
        len(counts),
        top_share(counts) if enough else None,
        gini(counts) if enough else None,
    )


def _medians(
    days: dict[Quarter, list[int]], housed: Grid, quarters: list[Quarter]
) -> list[float | None]:
    return [
        queries.median(days[q]) if housed.cell(0, j) is not None else None
        for j, q in enumerate(quarters)
    ]


def _referral_grids(rows: list[queries.ReferralRow], quarters: list[Quarter]) -> list[Grid]:
    doors = Counter((r.door, r.quarter) for r in rows)
    groups = Counter((r.group, r.quarter) for r in rows)
    charges = Counter(("charge" if r.charged else "no_charge", r.quarter) for r in rows)
    specs = [
        ("doors", DOOR_LABELS, doors),
        ("groups", GROUP_LABELS, groups),
        ("charges", CHARGE_LABELS, charges),
    ]
    tables = [_grid(pairs, list(labels), quarters) for _, labels, pairs in specs]
    shown = suppress_linked(tables)
    return [
        Grid(key, list(labels), list(labels.values()), published)
        for (key, labels, _), published in zip(specs, shown, strict=True)
    ]


def figures_for(program: Program, quarters: list[Quarter]) -> Figures:
    """Every figure of the page for these quarters (one year's, oldest first)."""
    rows = queries.referral_rows(program, quarters)
    doors, groups, charges = _referral_grids(rows, quarters)
    days = queries.housing_days(program, quarters)
    housed_counts = [[len(days[q]) for q in quarters]]
    housed = Grid("housed", ["housed"], [_("People housed")], suppress(housed_counts))
    exit_pairs = queries.exits(program, quarters)
    codes = list(queries.DESTINATION_CLASSES)
    exits = Grid(
        "exits",
        codes,
        [DESTINATION_LABELS[c] for c in codes],
        suppress(_grid(exit_pairs, codes, quarters)),
    )
    table = queries.current_population(program)
    return Figures(
        program=program,
        year=quarters[0].year,
        quarters=quarters,
        doors=doors,
        groups=groups,
        charges=charges,
        housed=housed,
        exits=exits,
        officers=[_officers(rows, q) for q in quarters],
        median_days=_medians(days, housed, quarters),
        population=dict(table.counts) if table else {},
        population_note=f"{table.area}, {table.source} ({table.year})" if table else "",
    )


def share(part: int | None, whole: int | None) -> float | None:
    """A share only when both counts are published (either one gives the other back)."""
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def rate(count: int | None, residents: int | None) -> float | None:
    """Referrals per 1,000 residents, only where the count is published."""
    if count is None or not residents:
        return None
    return 1000 * count / residents


def group_residents(figures: Figures, code: str) -> int | None:
    return None if code == NOT_RECORDED else figures.population.get(code)
