"""Entries by door over time, and net-widening (entrants with no eligible arrest)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from openlead.evaluation.designs.equity_lens.stats import estimate, is_small, program
from openlead.evaluation.designs.utilization_costs import query, suppress_table
from openlead.evaluation.plots import figure_to_svg, new_figure
from openlead.evaluation.types import DesignResult, EvalData, Options

LOOKBACK_MONTHS = 24


# ---------------------------------------------------------------- door mix


def door_mix(data: EvalData, options: Options, result: DesignResult) -> bool:
    """Entries by door per quarter; also per year when most quarters have a small cell,
    and then the figure shows years, since suppression would hide most quarters."""
    people = program(data.people)
    if "door" not in people.columns or people["door"].isna().all():
        result.warnings.append("door mix: people has no door for program participants")
        return False
    frame = people.assign(door=people["door"].astype("string").fillna("(missing)"))
    counts = _period_counts(frame, "quarter")
    period = "quarter"
    result.tables["door_mix"] = _suppressed_mix(counts)
    small_periods = counts.groupby("period")["entrants"].apply(lambda s: s.map(is_small).any())
    if small_periods.mean() > 0.5:
        counts, period = _period_counts(frame, "year"), "year"
        result.tables["door_mix_yearly"] = _suppressed_mix(counts)
    result.figures[f"Door mix over time (share of entries per {period})"] = _mix_figure(
        counts, period
    )
    result.summary.append(_door_sentence(frame))
    return True


def _period_counts(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    label = "year(index_date)::VARCHAR"
    if period == "quarter":
        label += " || '-Q' || quarter(index_date)::VARCHAR"
    sql = f"""
        SELECT {label} AS period_start, door, count(*) AS entrants
        FROM p GROUP BY ALL ORDER BY period_start, door
    """  # noqa: S608 - built from literals only
    counts = query(sql, p=frame[["index_date", "door"]])
    counts = counts.rename(columns={"period_start": "period"})
    full = pd.MultiIndex.from_product([counts["period"].unique(), sorted(counts["door"].unique())])
    counts = counts.set_index(["period", "door"]).reindex(full, fill_value=0)
    counts = counts.rename_axis(["period", "door"]).reset_index()
    counts["share"] = (
        counts["entrants"] / counts.groupby("period")["entrants"].transform("sum")
    ).round(3)
    return counts


def _suppressed_mix(counts: pd.DataFrame) -> pd.DataFrame:
    # one small cell in a period lets its other shares reveal it: blank the whole period
    hidden = counts.groupby("period")["entrants"].transform(lambda s: s.map(is_small).any())
    table = counts.copy()
    table.loc[hidden, "share"] = np.nan
    return suppress_table(table, {"entrants": ["share"]})


def _mix_figure(counts: pd.DataFrame, period: str) -> str:
    hidden = counts.groupby("period")["entrants"].transform(lambda s: s.map(is_small).any())
    shares = counts.loc[~hidden].pivot(index="period", columns="door", values="share").fillna(0)
    fig = new_figure()
    ax = fig.add_subplot()
    bottom = np.zeros(len(shares))
    for door in shares.columns:
        ax.bar(shares.index, shares[door], bottom=bottom, label=str(door))
        bottom += shares[door].to_numpy()
    ax.set_ylabel("share of entries")
    ax.set_xlabel(f"{period} (periods with a door under 11 entries not shown)")
    ax.tick_params(axis="x", labelrotation=60, labelsize="small")
    if shares.empty:
        ax.text(0.5, 0.5, "every period has a door with under 11 entries", ha="center")
    else:
        ax.legend(fontsize="small")
    return figure_to_svg(fig)


def _door_sentence(frame: pd.DataFrame) -> str:
    police = frame["door"].isin(["arrest", "social_contact"]).mean()
    return f"{police:.0%} of program entries came through a police door (arrest or social contact)."


# ---------------------------------------------------------------- net-widening


def net_widening(data: EvalData, options: Options, result: DesignResult) -> bool:
    """Share of entrants with no eligible-conduct arrest in the 24 months up to entry."""
    if "eligible_conduct" not in data.events.columns:
        result.warnings.append("net-widening: events has no eligible_conduct column")
        return False
    people = program(data.people)
    people = people.assign(door=people.get("door", pd.Series(index=people.index, dtype="string")))
    people["door"] = people["door"].astype("string").fillna("(missing)")
    arrests = data.events.loc[data.events["kind"] == "arrest"]
    unknown = int(arrests["eligible_conduct"].isna().sum())
    if unknown:
        result.warnings.append(
            f"net-widening: {unknown} arrests without an eligible_conduct value count as not eligible"
        )
    flags = _eligible_flags(data, people)
    _note_lookback(data, people, result)
    rows = [("all doors", flags)] + [
        (str(door), flags.loc[people["door"].to_numpy() == door])
        for door in sorted(people["door"].unique())
    ]
    table = []
    for door, without in rows:
        table.append(_widening_row(door, without, result))
    frame = pd.DataFrame(table)
    result.tables["net_widening"] = suppress_table(
        frame,
        {
            "entrants": ["share", "ci_low", "ci_high"],
            "without_eligible_arrest": ["share", "ci_low", "ci_high"],
        },
        {"without_eligible_arrest": "entrants"},
    )
    return True


def _eligible_flags(data: EvalData, people: pd.DataFrame) -> pd.Series:
    """True for each entrant with no eligible arrest in [index - 24 months, index]."""
    sql = f"""
        SELECT p.person_id, count(e.person_id) AS eligible
        FROM p LEFT JOIN e ON e.person_id = p.person_id
            AND e.eligible_conduct
            AND e.date >= p.index_date - INTERVAL {LOOKBACK_MONTHS} MONTH
            AND e.date <= p.index_date
        GROUP BY p.person_id
    """  # noqa: S608 - a constant
    # filtered in pandas first: the arrests are a fraction of the events to convert
    arrests = data.events["kind"] == "arrest"
    events = data.events.loc[arrests, ["person_id", "date", "eligible_conduct"]].copy()
    events["eligible_conduct"] = events["eligible_conduct"].astype("boolean")
    counts = query(sql, p=people[["person_id", "index_date"]], e=events)
    eligible = people["person_id"].map(counts.set_index("person_id")["eligible"])
    return (eligible == 0).reset_index(drop=True)


def _note_lookback(data: EvalData, people: pd.DataFrame, result: DesignResult) -> None:
    if data.events.empty:
        return
    first = data.events["date"].min()
    short = (people["index_date"] - pd.DateOffset(months=LOOKBACK_MONTHS)) < first
    if short.any():
        result.warnings.append(
            f"net-widening: {int(short.sum())} entrants joined less than {LOOKBACK_MONTHS} "
            f"months after the first event in the data ({first.date()}); their look-back is short"
        )


def _widening_row(door: str, without: pd.Series, result: DesignResult) -> dict[str, object]:
    from statsmodels.stats.proportion import proportion_confint

    n, k = len(without), int(without.sum())
    row: dict[str, object] = {"door": door, "entrants": n, "without_eligible_arrest": k}
    if n == 0:
        return row | {"share": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    low, high = proportion_confint(k, n, method="wilson")
    row |= {
        "share": round(k / n, 3),
        "ci_low": round(float(low), 3),
        "ci_high": round(float(high), 3),
    }
    if is_small(k) or is_small(n - k) or is_small(n):
        result.warnings.append(f"net-widening: share for door {door} withheld (a count under 11)")
        return row
    result.estimates.append(
        estimate(
            f"no_eligible_arrest_24m[door={door}]",
            f"{LOOKBACK_MONTHS} months up to entry",
            "share",
            (k / n, low, high, None),
            (n, 0),
            "Share of program entrants with no arrest flagged eligible_conduct from 24 months "
            "before the index date up to and including it; Wilson 95% interval (statsmodels).",
        )
    )
    if door == "social_contact":
        result.summary.append(
            f"{k / n:.0%} of social-contact referrals had no eligible arrest in the 24 months "
            "before entry (a sign of net-widening)."
        )
    return row
