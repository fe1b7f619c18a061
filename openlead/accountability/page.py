"""The page's sections, built from published figures: each one's table, chart and note
("what this shows, who is included, what it cannot show"). The CSV (csvfile.py) writes
the same cells, so the page and the download can never say different things."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext

from openlead.accountability import notes
from openlead.accountability.charts import Bar, bar_chart
from openlead.accountability.figures import Figures, Grid, group_residents, rate, share
from openlead.accountability.notes import Note
from openlead.reports.pcg_quarters import Quarter

COUNT, PERCENT, RATE, DAYS, INDEX = "count", "percent", "rate", "days", "index"
YEAR = "year"  # the CSV's quarter for a row's year total


@dataclass(frozen=True)
class Cell:
    value: float | None  # None: hidden, or nothing to show
    kind: str
    hidden: bool  # True: suppressed (or withheld with its count), not merely absent

    @property
    def text(self) -> str:
        if self.value is None:
            return gettext("hidden") if self.hidden else "–"
        if self.kind == COUNT:
            return number_format(int(self.value), force_grouping=True)
        if self.kind == PERCENT:
            return f"{number_format(100 * self.value, decimal_pos=0)}%"
        if self.kind in (INDEX, RATE):
            return number_format(self.value, decimal_pos=2)
        return number_format(self.value, decimal_pos=0)  # days: a median of whole days

    @property
    def csv(self) -> str:
        if self.value is None:
            return "hidden" if self.hidden else ""
        if self.kind == COUNT:
            return str(int(self.value))
        return f"{self.value:.4f}" if self.kind in (PERCENT, INDEX, RATE) else f"{self.value:.1f}"


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    cells: list[Cell]  # one per quarter, then the year


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    note: Note
    lines: list[Line]
    chart: str


def quarter_label(quarter: Quarter) -> str:
    return gettext("Q%(n)s %(y)s") % {"n": quarter.number, "y": quarter.year}


def _count(value: int | None) -> Cell:
    return Cell(value, COUNT, True)


def _count_lines(grid: Grid, width: int) -> list[Line]:
    return [
        Line(
            code,
            str(label),
            [_count(grid.cell(i, j)) for j in range(width)] + [_count(grid.row_total(i))],
        )
        for i, (code, label) in enumerate(zip(grid.codes, grid.labels, strict=True))
    ]


def _total_line(grid: Grid, width: int, label: str) -> Line:
    cells = [_count(grid.col_total(j)) for j in range(width)] + [_count(grid.grand)]
    return Line("total", label, cells)


def _chart(title: Promise, lines: list[Line], tone: str = "") -> str:
    """The year column of each line, as bars."""
    bars = [Bar(line.label, line.cells[-1].value, line.cells[-1].text) for line in lines]
    return bar_chart(str(title), bars, tone)


def _quarter_chart(title: Promise, line: Line, quarters: list[Quarter], tone: str = "") -> str:
    bars = [
        Bar(quarter_label(q), c.value, c.text) for q, c in zip(quarters, line.cells, strict=False)
    ]
    return bar_chart(str(title), bars, tone)


def door_section(f: Figures) -> Section:
    width = len(f.quarters)
    lines = _count_lines(f.doors, width)
    lines.append(_total_line(f.doors, width, gettext("All referrals")))
    return Section(
        "doors", notes.DOORS_TITLE, notes.DOORS, lines, _chart(notes.DOORS_TITLE, lines[:-1])
    )


def _rate_line(f: Figures, i: int, code: str, label: str) -> Line:
    residents = group_residents(f, code)
    width = len(f.quarters)
    cells = [f.groups.cell(i, j) for j in range(width)] + [f.groups.row_total(i)]
    return Line(
        code,
        label,
        [Cell(rate(c, residents), RATE, residents is not None and c is None) for c in cells],
    )


def group_sections(f: Figures) -> list[Section]:
    width = len(f.quarters)
    counts = _count_lines(f.groups, width)
    counts.append(_total_line(f.groups, width, gettext("All referrals")))
    rates = [
        _rate_line(f, i, code, str(label))
        for i, (code, label) in enumerate(zip(f.groups.codes, f.groups.labels, strict=True))
    ]
    rates = [line for line in rates if group_residents(f, line.code) is not None]
    return [
        Section(
            "groups",
            notes.GROUPS_TITLE,
            notes.GROUPS,
            counts,
            _chart(notes.GROUPS_TITLE, counts[:-1]),
        ),
        Section(
            "rates",
            notes.RATES_TITLE,
            notes.RATES,
            rates,
            _chart(notes.RATES_TITLE, rates, "ac-alt"),
        ),
    ]


def _share_line(code: str, label: str, parts: list[int | None], wholes: list[int | None]) -> Line:
    return Line(
        code,
        label,
        [
            Cell(share(p, w), PERCENT, p is None or w is None)
            for p, w in zip(parts, wholes, strict=True)
        ],
    )


def widening_section(f: Figures) -> Section:
    width = len(f.quarters)
    totals = [f.doors.col_total(j) for j in range(width)] + [f.doors.grand]
    social = f.doors.codes.index("social_contact")
    nocharge = f.charges.codes.index("no_charge")
    social_counts = [f.doors.cell(social, j) for j in range(width)] + [f.doors.row_total(social)]
    free = [f.charges.cell(nocharge, j) for j in range(width)] + [f.charges.row_total(nocharge)]
    lines = [
        _share_line(
            "social_contact_share",
            gettext("Share of referrals through social contact"),
            social_counts,
            totals,
        ),
        _share_line(
            "no_charge_share", gettext("Share of referrals with no current charge"), free, totals
        ),
        *_count_lines(f.charges, width),
    ]
    return Section(
        "widening",
        notes.WIDENING_TITLE,
        notes.WIDENING,
        lines,
        _quarter_chart(notes.WIDENING_CHART, lines[1], f.quarters, "ac-alt"),
    )


def officer_section(f: Figures) -> Section:
    officers = [Cell(o.officers, COUNT, False) for o in f.officers] + [Cell(None, COUNT, False)]
    top = [Cell(o.top_share, PERCENT, o.withheld) for o in f.officers]
    gini = [Cell(o.gini, INDEX, o.withheld) for o in f.officers]
    top.append(Cell(None, PERCENT, False))
    gini.append(Cell(None, INDEX, False))
    lines = [
        Line("officers", gettext("Officers who referred anyone"), officers),
        Line("top10_share", gettext("Share of police referrals from the top 10% of officers"), top),
        Line("gini", gettext("Gini coefficient of referrals per officer"), gini),
    ]
    return Section(
        "officers",
        notes.OFFICERS_TITLE,
        notes.OFFICERS,
        lines,
        _quarter_chart(notes.OFFICERS_CHART, lines[1], f.quarters),
    )


def housing_section(f: Figures) -> Section:
    width = len(f.quarters)
    housed = _count_lines(f.housed, width)
    medians = [
        Cell(m, DAYS, m is None and f.housed.cell(0, j) is None)
        for j, m in enumerate(f.median_days)
    ]
    lines = [
        *housed,
        Line(
            "median_days",
            gettext("Median days from referral to housing"),
            [*medians, Cell(None, DAYS, False)],
        ),
    ]
    return Section(
        "housing",
        notes.HOUSING_TITLE,
        notes.HOUSING,
        lines,
        _quarter_chart(notes.HOUSING_CHART, lines[1], f.quarters, "ac-alt"),
    )


def exit_section(f: Figures) -> Section:
    width = len(f.quarters)
    lines = _count_lines(f.exits, width)
    lines.append(_total_line(f.exits, width, gettext("All exits")))
    return Section(
        "exits", notes.EXITS_TITLE, notes.EXITS, lines, _chart(notes.EXITS_TITLE, lines[:-1])
    )


def sections(f: Figures) -> list[Section]:
    return [
        door_section(f),
        *group_sections(f),
        widening_section(f),
        officer_section(f),
        housing_section(f),
        exit_section(f),
    ]
