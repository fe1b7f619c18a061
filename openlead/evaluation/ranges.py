"""Dates, windows and covariates checked against the range of the data.

A used demo had a few entries with odd dates, and a follow-up end of 1900-01-01 gave a
"Complete" run with no estimates. These checks turn such values into an `InputError`
naming the file, the row and the column (or the option, in `InputError.field`), so the
CLI exits 2 and the web form shows the error beside its field:

- no date (event, index, follow-up end) may lie after today or before 1900-01-01: one
  mistyped year in the events would otherwise stretch everyone's follow-up to it;
- --follow-up-end must fall after the earliest index date, or nobody has follow-up;
- --window-months must be shorter than the longest follow-up after an index date (when
  anyone has follow-up at all; with nobody, each design skips and says why);
- a covariate named in --covariates must have at least two distinct values.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from openlead.evaluation.types import InputError

__all__ = ["EARLIEST", "check_dates", "check_follow_up", "check_requested_covariates"]

EARLIEST = pd.Timestamp("1900-01-01")
OPTIONS = "options"  # the `file` of an option's error


def _latest() -> pd.Timestamp:
    # a day's slack: an export made just after midnight in another time zone is not wrong
    return pd.Timestamp(dt.date.today() + dt.timedelta(days=1))


def check_dates(frame: pd.DataFrame, file: str, columns: tuple[str, ...]) -> None:
    """Each date column within [1900-01-01, tomorrow]; rows numbered as in io.py."""
    latest = _latest()
    for column in columns:
        if column not in frame.columns:
            continue
        values = frame[column]
        bad = ((values < EARLIEST) | (values > latest)).fillna(False).to_numpy()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            more = int(bad.sum()) - 1
            raise InputError(
                file,
                row + 2,
                column,
                f"{pd.Timestamp(values.iloc[row]).date()} is outside 1900-01-01 to today"
                + (f" (and {more} more rows)" if more else ""),
            )


def check_follow_up(
    people: pd.DataFrame, cut: dt.date | None, window_months: int, file: str
) -> None:
    """The follow-up end and window against the index dates (people have followup_end)."""
    first_index = people["index_date"].min()
    if cut is not None and pd.Timestamp(cut) <= first_index:
        raise InputError(
            OPTIONS,
            None,
            "--follow-up-end",
            f"{cut} is on or before every index_date in {file} (the earliest is "
            f"{first_index.date()}), so nobody would have any follow-up",
            field="follow_up_end",
        )
    after = people["followup_end"] > people["index_date"]
    if not after.any():
        return  # no option is to blame: each design says it has nobody to analyse
    longest = (people["followup_end"] - people["index_date"]).max()
    months = longest.days / 30.4375
    if window_months > months:
        raise InputError(
            OPTIONS,
            None,
            "--window-months",
            f"{window_months} months is longer than anyone's follow-up after their "
            f"index_date (the longest is {months:.1f} months)",
            field="window_months",
        )


def check_requested_covariates(people: pd.DataFrame, requested: list[str], file: str) -> None:
    """A covariate the user named must vary: a constant one cannot adjust for anything."""
    for name in requested:
        values = people[name].dropna()
        if values.nunique() < 2:
            raise InputError(
                file,
                None,
                name,
                "named in --covariates but "
                + (
                    "empty for everyone"
                    if values.empty
                    else f"the same for everyone ({values.iloc[0]!r})"
                ),
                field="covariates",
            )
