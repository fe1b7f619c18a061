"""Shared types of the evaluation engine: validated inputs, options and results.

Every design takes an `EvalData` and `Options` and returns a `DesignResult`; the CLI,
the report and `results.json` depend on these shapes, so change them with care.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

__all__ = [
    "SMALL_CELL",
    "DesignResult",
    "Estimand",
    "Estimate",
    "EvalData",
    "InputError",
    "Measure",
    "Options",
    "suppress_small",
]

Estimand = Literal["ATE", "ATT", "ATE-trimmed", "ATT-truncated", "unweighted"]
Measure = Literal[
    "odds_ratio", "rate_ratio", "hazard_ratio", "difference", "ratio", "share", "gini"
]

SMALL_CELL = 11  # counts under this are shown as "<11" in every human-readable output


class InputError(Exception):
    """A user mistake in an input file or option: names the file, the row and the column.

    Attributes: `file` (the file's path or table name, or "options"), `row` (spreadsheet
    row number, the header being row 1; None for a whole column or an option), `column`
    (the column or option name, or None), `reason` (the words shown), and `field`: the
    input a form shows the error beside. It is `column` unless the caller names an
    option (for example "follow_up_end", "window_months", "covariates").
    """

    def __init__(
        self,
        file: str,
        row: int | None,
        column: str | None,
        reason: str,
        *,
        field: str | None = None,
    ) -> None:
        self.file, self.row, self.column, self.reason = file, row, column, reason
        self.field = field if field is not None else column
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None and file == "options":
            where = f"option {column}"
        elif column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {reason}")


@dataclass
class EvalData:
    """Validated tables. Dates are `datetime64[ns]` columns; `group` is program|comparison.

    people: person_id, group, index_date, [followup_end], [door, program, race, ethnicity,
            sex, birth_year, officer_id, ...covariates]
    events: person_id, date, kind, [severity, warrant, end_date, eligible_conduct]
    status_months: person_id, month, housing, employment, income_or_benefits (or None)
    costs: columns item, amount, source (or None)
    """

    people: pd.DataFrame
    events: pd.DataFrame
    status_months: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    covariates: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # table name -> file path


@dataclass
class Options:
    seed: int = 20111001
    window_months: int = 6
    outcomes: list[str] | None = None  # None: every event kind present, plus named ones
    follow_up_end: dt.date | None = None
    bootstrap: int = 500
    jobs: int = 1  # worker processes for independent fits (the CLI defaults to the CPUs)


@dataclass
class Estimate:
    design: str
    outcome: str
    window: str
    estimand: Estimand
    measure: Measure
    estimate: float
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n_program: int
    n_comparison: int
    method: str
    fit: str = ""  # how it was fitted when that varies: "maximum likelihood", or a fallback

    def as_dict(self) -> dict[str, Any]:
        """The fields; results.json adds the words (openlead.evaluation.wording.record)."""
        return dict(self.__dict__)


@dataclass
class DesignResult:
    """What one design hands to the report and to results.json."""

    design: str
    estimates: list[Estimate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # name -> tables/NAME.csv
    figures: dict[str, str] = field(default_factory=dict)  # title -> inline <svg> markup
    summary: list[str] = field(default_factory=list)  # plain-language sentences
    skipped: bool = False


def suppress_small(count: int | float) -> str:
    """A count as shown to people: under SMALL_CELL (but above zero) it becomes "<11"."""
    if 0 < count < SMALL_CELL:
        return f"<{SMALL_CELL}"
    return f"{int(count)}" if float(count).is_integer() else f"{count:.1f}"
