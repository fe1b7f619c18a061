"""Helpers the B designs share: DuckDB queries, follow-up end, small-cell suppression.

within-subject and equity-lens import these through `designs.utilization_costs`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from openlead.evaluation.types import EvalData, Options, suppress_small

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = 30.4375


def query(sql: str, **tables: pd.DataFrame) -> pd.DataFrame:
    """Run DuckDB SQL over the named data frames (an in-memory database per call)."""
    import duckdb

    con = duckdb.connect()
    try:
        for name, frame in tables.items():
            con.register(name, frame)
        return con.sql(sql).df()
    finally:
        con.close()


def follow_up_end(data: EvalData, options: Options) -> tuple[pd.Series, list[str]]:
    """Each person's end of follow-up: own column (never past the option), else the
    option, else the last date in the data."""
    people = data.people
    notes: list[str] = []
    if options.follow_up_end is not None:
        fallback = pd.Timestamp(options.follow_up_end)
    else:
        dates = [people["index_date"].max()]
        if len(data.events):
            dates.append(data.events["date"].max())
        fallback = max(d for d in dates if pd.notna(d))
        if "followup_end" not in people.columns or people["followup_end"].isna().any():
            notes.append(
                f"follow-up end not given; used the latest date in the data ({fallback.date()})"
            )
    if "followup_end" in people.columns:
        own = pd.to_datetime(people["followup_end"]).fillna(fallback)
        if options.follow_up_end is not None:  # the option ends everyone's follow-up
            own = own.where(own <= fallback, fallback)
        return own.rename("followup_end"), notes
    return pd.Series(fallback, index=people.index, name="followup_end"), notes


def suppress_table(
    frame: pd.DataFrame,
    counts: dict[str, list[str]],
    complements: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Counts under 11 become "<11"; the columns that would reveal them become blank.

    `counts` maps each count column to the derived columns (rates, shares, costs) that
    must be blanked where that count is small. `complements` maps a count column to its
    total column: where total - count is under 11 (say 95 of 100 had no arrest), the
    count and its derived columns are blanked too, since subtraction would reveal it.
    """
    out = frame.astype(object).copy()
    hidden = pd.DataFrame(False, index=frame.index, columns=list(counts))
    for column, total in (complements or {}).items():
        hidden[column] = (frame[total] - frame[column]).between(1, 10, inclusive="both")
    for column, derived in counts.items():
        small = frame[column].between(1, 10, inclusive="both") | hidden[column]
        for name in derived:
            out.loc[small | frame[name].isna(), name] = ""
        out[column] = [suppress_small(v) if pd.notna(v) else "" for v in frame[column]]
        out.loc[hidden[column], column] = ""
    return out


def age_at_index(people: pd.DataFrame) -> pd.Series:
    """Age in whole years at the index date, from birth_year (NaN when unknown)."""
    if "birth_year" not in people.columns:
        return pd.Series(np.nan, index=people.index)
    birth = pd.to_numeric(people["birth_year"], errors="coerce")
    return people["index_date"].dt.year - birth


def relative_month(status: pd.DataFrame, people: pd.DataFrame) -> pd.Series:
    """Months from the index month (0) for each status row; month -1 is the month before.

    `month` may be a date (any day of the month), a "YYYY-MM" string, a YYYYMM integer,
    or already a small integer relative to the index month.
    """
    index = status["person_id"].map(people.set_index("person_id")["index_date"])
    month = status["month"]
    if pd.api.types.is_numeric_dtype(month) and month.abs().max() < 1000:
        return month.astype("Int64")
    if pd.api.types.is_numeric_dtype(month):
        stamp = pd.to_datetime((month * 100 + 1).astype("Int64").astype(str), format="%Y%m%d")
    else:
        stamp = pd.to_datetime(month, format="mixed")
    delta = (stamp.dt.year * 12 + stamp.dt.month) - (index.dt.year * 12 + index.dt.month)
    return delta.astype("Int64")
