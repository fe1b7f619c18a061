"""Outcome definitions and the DuckDB aggregation of events into person-period tables.

The recidivism and time-to-event designs both read these tables; events stay in DuckDB
(registered pandas frames are scanned in place), so no per-event Python objects exist.

Windows are half-open in days: the post window is (index_date, index_date + m months],
the pre window [index_date - m months, index_date). Events on the index date itself (the
referral or comparable arrest) belong to neither.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from openlead.duckdb_sql import identifier, string
from openlead.evaluation.types import DesignResult, EvalData, Options

__all__ = [
    "Outcome",
    "choose_outcomes",
    "first_event_times",
    "monthly_rates",
    "start_on_outcomes",
    "window_counts",
]


@dataclass(frozen=True)
class Outcome:
    name: str
    label: str
    sql: str  # a predicate over the events columns
    needs: tuple[str, ...] = ()


NAMED = (
    Outcome("any_arrest", "arrest", "kind = 'arrest'"),
    Outcome(
        "felony_charge", "felony charge", "kind = 'charge' AND severity = 'felony'", ("severity",)
    ),
    Outcome(
        "non_warrant_arrest",
        "non-warrant arrest",
        "kind = 'arrest' AND NOT coalesce(warrant, false)",
        ("warrant",),
    ),
    Outcome(
        "misdemeanor_charge",
        "misdemeanor charge",
        "kind = 'charge' AND severity = 'misdemeanor'",
        ("severity",),
    ),
    Outcome("any_event", "any event", "TRUE"),
)


def choose_outcomes(data: EvalData, options: Options) -> tuple[list[Outcome], list[str]]:
    """Named outcomes the columns allow, plus one per event kind; --outcomes restricts."""
    warnings: list[str] = []
    kinds = sorted(str(k) for k in data.events["kind"].dropna().unique())
    available: list[Outcome] = []
    for outcome in NAMED:
        missing = [c for c in outcome.needs if c not in data.events.columns]
        if missing:
            warnings.append(
                f"{outcome.name} not analysed: events have no {', '.join(missing)} column"
            )
        elif outcome.name != "any_arrest" or "arrest" in kinds:
            available.append(outcome)
    for kind in kinds:
        # any_arrest already covers arrests; the extract writes each arrest as a police
        # contact too, so police_contact would repeat any_arrest: it is fitted only when
        # --outcomes names it (the equity lens reads police contacts directly).
        if kind not in ("arrest", "police_contact") or kind in (options.outcomes or []):
            # The kind is text from the events file: a literal here, an identifier below.
            available.append(Outcome(kind, kind.replace("_", " "), f"kind = {string(kind)}"))
    if options.outcomes:
        by_name = {o.name: o for o in available}
        unknown = [name for name in options.outcomes if name not in by_name]
        if unknown:
            warnings.append(f"outcomes not found in the events: {', '.join(unknown)}")
        available = [by_name[name] for name in options.outcomes if name in by_name]
    return available, warnings


def start_on_outcomes(
    design: str, data: EvalData, options: Options
) -> tuple[DesignResult, list[Outcome]]:
    """An outcome design's result, begun on the outcomes it can analyse (with the notes of
    those it cannot); skipped when there are none, for the design to return as it is."""
    result = DesignResult(design=design)
    outcomes, notes = choose_outcomes(data, options)
    result.warnings.extend(notes)
    if not outcomes:
        result.skipped = True
        result.warnings.append("skipped: no outcomes to analyse in the events")
    return result, outcomes


def _connect(data: EvalData) -> object:
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.register("people", data.people[["person_id", "group", "index_date", "followup_end"]])
    columns = [c for c in ("person_id", "date", "kind", "severity", "warrant") if c in data.events]
    con.register("events", data.events[columns])
    return con


def _counts_sql(outcomes: list[Outcome]) -> str:
    return ",\n".join(
        f"count(e.date) FILTER (WHERE {o.sql}) AS {identifier(o.name)}" for o in outcomes
    )


def window_counts(data: EvalData, outcomes: list[Outcome], months: int) -> pd.DataFrame:
    """One row per person, window (`{m}m`, `long`) and period (pre, post) with counts.

    The m-month window keeps only people followed for the whole m months after index.
    The long window runs from index to the end of follow-up, against an equally long
    period before index. Columns: person_id, group, window, period, days, one per outcome.
    """
    con = _connect(data)
    m = int(months)
    sql = f"""
    WITH w AS (
      SELECT person_id, "group", '{m}m' AS "window", 'pre' AS period,
             index_date - INTERVAL {m} MONTH AS start, index_date AS stop
      FROM people WHERE followup_end >= index_date + INTERVAL {m} MONTH
      UNION ALL
      SELECT person_id, "group", '{m}m', 'post',
             index_date + INTERVAL 1 DAY, index_date + INTERVAL {m} MONTH + INTERVAL 1 DAY
      FROM people WHERE followup_end >= index_date + INTERVAL {m} MONTH
      UNION ALL
      SELECT person_id, "group", 'long', 'pre',
             index_date - (followup_end - index_date), index_date
      FROM people WHERE followup_end > index_date
      UNION ALL
      SELECT person_id, "group", 'long', 'post',
             index_date + INTERVAL 1 DAY, followup_end + INTERVAL 1 DAY
      FROM people WHERE followup_end > index_date
    )
    SELECT w.person_id, w."group", w."window", w.period,
           datediff('day', w.start, w.stop) AS days,
           {_counts_sql(outcomes)}
    FROM w LEFT JOIN events e
      ON e.person_id = w.person_id AND e.date >= w.start AND e.date < w.stop
    GROUP BY ALL
    ORDER BY w."window", w.person_id, w.period
    """  # noqa: S608 - names and kinds quoted by openlead.duckdb_sql; m is an int
    frame = con.execute(sql).df()  # type: ignore[attr-defined]
    con.close()  # type: ignore[attr-defined]
    return frame


def first_event_times(data: EvalData, outcomes: list[Outcome]) -> pd.DataFrame:
    """Per person: days to the first event of each outcome after index, or to censoring.

    Columns person_id, group, followup_days, and for each outcome `{name}` (days) and
    `{name}_event` (1 = event seen, 0 = censored at follow-up end).
    """
    con = _connect(data)
    firsts = ",\n".join(
        f"min(e.date) FILTER (WHERE {o.sql}) AS {identifier(o.name)}" for o in outcomes
    )
    sql = f"""
    WITH f AS (
      SELECT p.person_id, p."group", p.index_date, p.followup_end, {firsts}
      FROM people p LEFT JOIN events e
        ON e.person_id = p.person_id AND e.date > p.index_date AND e.date <= p.followup_end
      WHERE p.followup_end > p.index_date
      GROUP BY ALL
    )
    SELECT person_id, "group", datediff('day', index_date, followup_end) AS followup_days,
      {", ".join(_time_sql(o.name) for o in outcomes)}
    FROM f
    """  # noqa: S608
    frame = con.execute(sql).df()  # type: ignore[attr-defined]
    con.close()  # type: ignore[attr-defined]
    return frame


def _time_sql(name: str) -> str:
    column, event = identifier(name), identifier(f"{name}_event")
    return (
        f"datediff('day', index_date, coalesce({column}, followup_end)) AS {column}, "
        f"CASE WHEN {column} IS NULL THEN 0 ELSE 1 END AS {event}"
    )


def monthly_rates(data: EvalData, outcome: Outcome, span: int = 12) -> pd.DataFrame:
    """Events per 100 people per 30-day month from -span to +span months around index.

    Columns group, month (offset), people (followed through that month), events, rate.
    Post-index months count only people still followed at the month's end.
    """
    con = _connect(data)
    sql = f"""
    WITH m AS (SELECT range AS month FROM range(-{span}, {span})),
    at_risk AS (
      SELECT p."group", m.month, count(*) AS people
      FROM people p, m
      WHERE m.month < 0 OR p.index_date + to_days(CAST(30 * (m.month + 1) AS INTEGER)) <= p.followup_end
      GROUP BY ALL
    ),
    ev AS (
      SELECT "group", month, count(*) AS events
      FROM (
        SELECT p."group", p.index_date, p.followup_end,
               CAST(floor(datediff('day', p.index_date, e.date) / 30) AS INTEGER) AS month
        FROM events e JOIN people p ON e.person_id = p.person_id
        WHERE ({outcome.sql}) AND e.date <> p.index_date
          AND e.date >= p.index_date - INTERVAL {30 * span} DAY
          AND e.date < p.index_date + INTERVAL {30 * span} DAY
      )
      -- post-index months count only people followed to the month's end, as at_risk does
      WHERE month < 0 OR index_date + to_days(CAST(30 * (month + 1) AS INTEGER)) <= followup_end
      GROUP BY ALL
    )
    SELECT a."group", a.month, a.people, coalesce(ev.events, 0) AS events,
           100.0 * coalesce(ev.events, 0) / a.people AS rate
    FROM at_risk a LEFT JOIN ev ON ev."group" = a."group" AND ev.month = a.month
    ORDER BY a."group", a.month
    """  # noqa: S608
    frame = con.execute(sql).df()  # type: ignore[attr-defined]
    con.close()  # type: ignore[attr-defined]
    return frame
