"""utilization-costs: jail bookings, jail days and prison per person-year, and their cost.

Mirrors the UW LEAD cost analysis (2015 report): criminal-justice use a year before and a
year after the index date, by group, priced from a unit-cost file, with the program's own
cost added. The helpers in `shared` (follow-up end, small-cell suppression, DuckDB
queries) are re-exported here for the within-subject and equity-lens designs.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd

from openlead.evaluation.designs.utilization_costs.figure import TITLE as FIGURE_TITLE
from openlead.evaluation.designs.utilization_costs.figure import utilization_figure
from openlead.evaluation.designs.utilization_costs.shared import (
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    age_at_index,
    follow_up_end,
    query,
    relative_month,
    suppress_table,
)
from openlead.evaluation.parallel import map_forked
from openlead.evaluation.types import DesignResult, Estimate, EvalData, Options

__all__ = [
    "DAYS_PER_MONTH",
    "DESIGN",
    "age_at_index",
    "follow_up_end",
    "query",
    "relative_month",
    "run",
    "suppress_table",
]

DESIGN = "utilization-costs"
WINDOW_DAYS = 365  # one year each side, as in the UW cost analysis
MIN_PER_GROUP = 10  # below this a model's clustered SEs mean nothing
KINDS = ("booking", "jail_stay", "prison_admission")
COST_ITEMS = (
    "jail_day",
    "booking",
    "prison_day",
    "prison_admission",
    "prosecution_per_case",
    "defense_per_case",
    "program_per_person_month",
)


# ---------------------------------------------------------------- the design


def run(data: EvalData, options: Options) -> DesignResult:
    """Utilization and cost before and after the index date, by group."""
    result = DesignResult(design=DESIGN)
    present = set(data.events["kind"].unique()) if len(data.events) else set()
    if not present & set(KINDS):
        result.skipped = True
        result.warnings.append(
            "needs events of kind booking, jail_stay or prison_admission; none found"
        )
        return result
    panel = person_windows(data, options, result.warnings)
    if panel.empty:
        result.skipped = True
        result.warnings.append("no person has follow-up after the index date")
        return result
    costs = unit_costs(data.costs, result.warnings)
    panel["legal_cost"] = legal_cost(panel, costs)
    months = program_months(data, options)
    result.tables["utilization_by_group"] = group_table(panel)
    figure = utilization_figure(result.tables["utilization_by_group"])
    if figure is not None:
        result.figures[FIGURE_TITLE] = figure
    result.estimates.extend(cost_estimates(panel, months, costs, options, result.warnings))
    result.estimates.extend(rate_ratios(panel, result.warnings, options.jobs))
    result.summary.extend(_summary(result.estimates))
    return result


def person_windows(data: EvalData, options: Options, notes: list[str]) -> pd.DataFrame:
    """One row per person and window (before, after) with counts, in DuckDB.

    Windows are symmetric: L = min(365 days, days from index to follow-up end). Before is
    days -L..-1, after is days 1..L. Events on the index date itself are in neither
    window: for the comparison group that is the arrest that made them comparable.
    """
    end, end_notes = follow_up_end(data, options)
    notes.extend(end_notes)
    people = data.people[["person_id", "group", "index_date"]].copy()
    people["span"] = ((end - people["index_date"]).dt.days).clip(upper=WINDOW_DAYS)
    short = people["span"] < 1
    if short.any():
        notes.append(f"{int(short.sum())} people with no follow-up after the index date left out")
    people = people.loc[~short]
    events = _events_frame(data.events, notes)
    return query(_WINDOW_SQL, p=people, e=events)


def _events_frame(events: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    frame = events.loc[events["kind"].isin([*KINDS, "charge"])].copy()
    if "end_date" not in frame.columns:
        frame["end_date"] = pd.NaT
    open_stays = (frame["kind"] == "jail_stay") & frame["end_date"].isna()
    if open_stays.any():
        notes.append(f"{int(open_stays.sum())} jail stays without end_date counted as one day")
    return frame[["person_id", "date", "kind", "end_date"]]


_WINDOW_SQL = """
WITH w AS (
    SELECT person_id, "group" AS grp, 'before' AS win, -span AS lo, -1 AS hi, index_date,
           span FROM p
    UNION ALL
    SELECT person_id, "group", 'after', 1, span, index_date, span FROM p
), j AS (
    SELECT w.person_id, w.win, e.kind, datediff('day', w.index_date, e.date) AS s,
           datediff('day', w.index_date, coalesce(e.end_date, e.date)) AS t, w.lo, w.hi
    FROM w JOIN e ON e.person_id = w.person_id
), c AS (
    SELECT person_id, win,
        count(*) FILTER (WHERE kind = 'booking' AND s BETWEEN lo AND hi) AS bookings,
        coalesce(sum(greatest(0, least(t, hi) - greatest(s, lo) + 1))
            FILTER (WHERE kind = 'jail_stay'), 0) AS jail_days,
        count(*) FILTER (WHERE kind = 'prison_admission' AND s BETWEEN lo AND hi)
            AS prison_admissions,
        coalesce(sum(greatest(0, least(t, hi) - greatest(s, lo) + 1))
            FILTER (WHERE kind = 'prison_admission' AND t > s), 0) AS prison_days,
        count(DISTINCT s) FILTER (WHERE kind = 'charge' AND s BETWEEN lo AND hi) AS cases
    FROM j GROUP BY person_id, win
)
SELECT w.person_id, w.grp AS "group", w.win AS "window", w.span / 365.25 AS person_years,
       coalesce(c.bookings, 0)::BIGINT AS bookings,
       coalesce(c.jail_days, 0)::BIGINT AS jail_days,
       coalesce(c.prison_admissions, 0)::BIGINT AS prison_admissions,
       coalesce(c.prison_days, 0)::BIGINT AS prison_days,
       coalesce(c.cases, 0)::BIGINT AS cases
FROM w LEFT JOIN c ON c.person_id = w.person_id AND c.win = w.win
ORDER BY w.person_id, w.win DESC
"""


ALIASES = {
    "prosecution_case": "prosecution_per_case",
    "defense_case": "defense_per_case",
    "program_person_month": "program_per_person_month",
}


def unit_costs(costs: pd.DataFrame | None, notes: list[str]) -> dict[str, float]:
    """Unit costs by item; items not given cost nothing, and the result says so."""
    if costs is None:
        notes.append("no costs file: utilization is reported but not costed")
        return {}
    table = {
        ALIASES.get(str(k).strip(), str(k).strip()): float(v)
        for k, v in zip(costs["item"], costs["amount"], strict=True)
    }
    unknown = sorted(set(table) - set(COST_ITEMS))
    if unknown:
        notes.append(f"cost items not used: {', '.join(unknown)}")
    missing = [
        i for i in COST_ITEMS if i not in table and i not in ("prison_day", "prison_admission")
    ]
    if missing:
        notes.append(f"cost items absent, counted as zero: {', '.join(missing)}")
    if "prison_day" in table and "prison_admission" in table:
        notes.append("both prison_day and prison_admission given; used prison_admission")
    return table


def legal_cost(panel: pd.DataFrame, costs: dict[str, float]) -> pd.Series:
    """Legal-system cost of each person-window from the unit costs."""
    prison = (
        panel["prison_admissions"] * costs["prison_admission"]
        if "prison_admission" in costs
        else panel["prison_days"] * costs.get("prison_day", 0.0)
    )
    per_case = costs.get("prosecution_per_case", 0.0) + costs.get("defense_per_case", 0.0)
    return (
        panel["bookings"] * costs.get("booking", 0.0)
        + panel["jail_days"] * costs.get("jail_day", 0.0)
        + prison
        + panel["cases"] * per_case
    ).astype(float)


def program_months(data: EvalData, options: Options) -> pd.DataFrame:
    """Months enrolled and years of follow-up per program participant.

    Months come from status_months (distinct months from the index month on) when
    present, otherwise from the index date to the end of follow-up.
    """
    end, _ = follow_up_end(data, options)
    people = data.people.assign(followup_end=end)
    people = people.loc[people["group"] == "program"]
    years = ((people["followup_end"] - people["index_date"]).dt.days.clip(lower=0)) / DAYS_PER_YEAR
    out = pd.DataFrame({"person_id": people["person_id"], "years": years})
    if data.status_months is not None and len(data.status_months):
        status = data.status_months.assign(rel=relative_month(data.status_months, data.people))
        counted = status.loc[status["rel"] >= 0].groupby("person_id")["rel"].nunique()
        out["months"] = out["person_id"].map(counted).fillna(0).astype(float)
    else:
        out["months"] = out["years"] * DAYS_PER_YEAR / DAYS_PER_MONTH
    return out.reset_index(drop=True)


def group_table(panel: pd.DataFrame) -> pd.DataFrame:
    """Per-group before/after counts, rates per person-year and cost per person-year."""
    sums = panel.groupby(["group", "window"], sort=False).agg(
        persons=("person_id", "nunique"),
        person_years=("person_years", "sum"),
        bookings=("bookings", "sum"),
        jail_days=("jail_days", "sum"),
        prison_admissions=("prison_admissions", "sum"),
        legal_cost=("legal_cost", "sum"),
    )
    sums = sums.reset_index()
    for column in ("bookings", "jail_days", "prison_admissions"):
        sums[f"{column}_per_py"] = (sums[column] / sums["person_years"]).round(3)
    sums["legal_cost_per_py"] = (sums["legal_cost"] / sums["person_years"]).round(0)
    sums["person_years"] = sums["person_years"].round(1)
    table = sums.drop(columns=["legal_cost"])
    return suppress_table(
        table,
        {
            "persons": ["person_years"],
            "bookings": ["bookings_per_py"],
            "jail_days": ["jail_days_per_py"],
            "prison_admissions": ["prison_admissions_per_py"],
        },
    )


# ---------------------------------------------------------------- costs and bootstrap


def _person_arrays(panel: pd.DataFrame, group: str) -> dict[str, np.ndarray]:
    wide = panel.loc[panel["group"] == group].pivot(
        index="person_id", columns="window", values="legal_cost"
    )
    after = panel.loc[(panel["group"] == group) & (panel["window"] == "after")]
    years = after.set_index("person_id")["person_years"].reindex(wide.index)
    return {
        "ids": wide.index.to_numpy(),
        "before": wide["before"].to_numpy(float),
        "after": wide["after"].to_numpy(float),
        "years": years.to_numpy(float),
    }


def _change(arrays: dict[str, np.ndarray], idx: np.ndarray) -> np.ndarray:
    """Cost per person-year after minus before, for each bootstrap row of indices."""
    years = arrays["years"][idx].sum(axis=-1)
    return (arrays["after"][idx].sum(axis=-1) - arrays["before"][idx].sum(axis=-1)) / years


def _program_cost(
    months: pd.DataFrame, ids: np.ndarray, idx: np.ndarray, per_month: float
) -> dict[str, tuple[float, np.ndarray]]:
    """Program cost per participant-year and per participant, resampled with the same
    participants as their legal-cost change so the net interval keeps their correlation."""
    aligned = months.set_index("person_id").reindex(ids)
    m = aligned["months"].fillna(0).to_numpy(float)
    y = aligned["years"].fillna(0).to_numpy(float)
    everyone = np.arange(len(m))
    per_year = per_month * m[idx].sum(axis=-1) / np.maximum(y[idx].sum(axis=-1), 1e-9)
    point_year = per_month * m[everyone].sum() / max(y.sum(), 1e-9)
    return {
        "program_cost_per_participant_year": (point_year, per_year),
        "program_cost_per_participant": (per_month * m.mean(), per_month * m[idx].mean(axis=-1)),
    }


def cost_estimates(
    panel: pd.DataFrame,
    months: pd.DataFrame,
    costs: dict[str, float],
    options: Options,
    notes: list[str],
) -> list[Estimate]:
    """Cost change per person-year by group and the net difference, with bootstrap CIs.

    Persons are resampled within group (`options.bootstrap` times, seeded).
    """
    if not costs:
        return []
    groups = sorted(set(panel["group"]))
    if groups != ["comparison", "program"]:
        notes.append("cost difference needs both groups; only change per group reported")
    rng = np.random.default_rng(options.seed)
    n = {g: int((panel["group"] == g).sum() // 2) for g in ("program", "comparison")}
    out: list[Estimate] = []
    points: dict[str, float] = {}
    draws: dict[str, np.ndarray] = {}
    program_cost: dict[str, tuple[float, np.ndarray]] = {}
    for group in groups:
        arrays = _person_arrays(panel, group)
        size = len(arrays["years"])
        idx = rng.integers(0, size, size=(options.bootstrap, size))
        points[group] = float(_change(arrays, np.arange(size)))
        draws[group] = _change(arrays, idx)
        name = f"legal_cost_change_per_py_{group}"
        out.append(_estimate(name, points[group], draws[group], n["program"], n["comparison"]))
        per_month = costs.get("program_per_person_month", 0.0)
        if group == "program" and per_month:
            program_cost = _program_cost(months, arrays["ids"], idx, per_month)
    for name, (point, boot) in program_cost.items():
        out.append(_estimate(name, point, boot, n["program"], n["comparison"]))
    if groups == ["comparison", "program"]:
        did = points["program"] - points["comparison"]
        did_draws = draws["program"] - draws["comparison"]
        out.append(
            _estimate("legal_cost_did_per_py", did, did_draws, n["program"], n["comparison"])
        )
        extra, extra_draws = program_cost.get("program_cost_per_participant_year", (0.0, 0.0))
        out.append(
            _estimate(
                "net_cost_change_per_participant_year",
                did + extra,
                did_draws + extra_draws,
                n["program"],
                n["comparison"],
            )
        )
    return out


METHODS = {
    "legal_cost_change": "Legal-system cost per person-year, after minus before",
    "legal_cost_did": "Legal-system cost per person-year, program change minus comparison change",
    "program_cost_per_participant_year": (
        "Program cost (program_per_person_month x months enrolled) per participant-year of "
        "follow-up"
    ),
    "program_cost_per_participant": "Program cost per participant over their follow-up",
    "net_cost_change": (
        "Difference in differences of legal-system cost per person-year plus program cost "
        "per participant-year"
    ),
}


def _estimate(outcome: str, point: float, draws: np.ndarray, n_p: int, n_c: int) -> Estimate:
    finite = draws[np.isfinite(draws)]
    low, high = np.percentile(finite, [2.5, 97.5]) if len(finite) else (np.nan, np.nan)
    return Estimate(
        design=DESIGN,
        outcome=outcome,
        window="1y before/after",
        estimand="unweighted",
        measure="difference",
        estimate=round(point, 2),
        ci_low=round(float(low), 2),
        ci_high=round(float(high), 2),
        p_value=None,
        n_program=n_p,
        n_comparison=n_c,
        method=(
            next(text for key, text in METHODS.items() if outcome.startswith(key))
            + f"; dollars; 95% percentile bootstrap over {len(draws)} resamples of persons "
            "within group."
        ),
    )


# ---------------------------------------------------------------- rate ratios


def rate_ratios(panel: pd.DataFrame, notes: list[str], jobs: int = 1) -> list[Estimate]:
    """Negative binomial GLM: count ~ program * after, offset log(person-years)."""
    if set(panel["group"]) != {"program", "comparison"}:
        notes.append("rate ratios need both groups")
        return []
    frame = panel.assign(
        program=(panel["group"] == "program").astype(float),
        after=(panel["window"] == "after").astype(float),
    )
    persons = frame.drop_duplicates("person_id")["group"].value_counts()
    if persons.min() < MIN_PER_GROUP:
        notes.append(f"rate ratios need at least {MIN_PER_GROUP} people per group")
        return []
    outcomes = []
    for outcome in ("bookings", "jail_days", "prison_admissions"):
        if frame[outcome].sum() == 0:
            notes.append(f"no {outcome} in either window: no rate ratio")
        else:
            outcomes.append(outcome)
    out = []
    for estimate, note in map_forked(lambda o: _try_nb(frame, o), outcomes, jobs):
        if estimate is not None:
            out.append(estimate)
        if note:
            notes.append(note)
    return out


def _try_nb(frame: pd.DataFrame, outcome: str) -> tuple[Estimate | None, str]:
    try:
        return _nb_interaction(frame, outcome), ""
    except (ValueError, ZeroDivisionError, np.linalg.LinAlgError) as error:
        return None, f"rate ratio for {outcome} could not be fitted: {error}"


def _nb_alpha(y: np.ndarray, exog: np.ndarray, offset: np.ndarray) -> tuple[float, str]:
    """NB2 dispersion by maximum likelihood, or the Cameron-Trivedi moment if ML fails."""
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ML trouble is handled by the moment fallback
        try:
            fit = sm.NegativeBinomial(y, exog, offset=offset).fit(disp=0, maxiter=200)
            alpha = float(fit.params[-1])
            if fit.mle_retvals.get("converged", False) and np.isfinite(alpha) and alpha > 0:
                return alpha, "by ML"
        except (ValueError, np.linalg.LinAlgError):
            pass
        mu = sm.GLM(y, exog, offset=offset, family=sm.families.Poisson()).fit().fittedvalues
        aux = sm.OLS(((y - mu) ** 2 - y) / mu, mu).fit()
        return max(float(aux.params[0]), 1e-6), "by the Cameron-Trivedi moment estimate"


def _nb_interaction(frame: pd.DataFrame, outcome: str) -> Estimate:
    import statsmodels.api as sm

    exog = np.column_stack(
        [np.ones(len(frame)), frame["program"], frame["after"], frame["program"] * frame["after"]]
    )
    y = frame[outcome].to_numpy(float)
    offset = np.log(frame["person_years"].to_numpy(float))
    alpha, how = _nb_alpha(y, exog, offset)
    groups = pd.factorize(frame["person_id"])[0]
    fit = sm.GLM(y, exog, offset=offset, family=sm.families.NegativeBinomial(alpha=alpha)).fit(
        cov_type="cluster", cov_kwds={"groups": groups}
    )
    low, high = fit.conf_int()[3]
    persons = frame.drop_duplicates("person_id")
    return Estimate(
        design=DESIGN,
        outcome=outcome,
        window="1y before/after",
        estimand="unweighted",
        measure="rate_ratio",
        estimate=float(np.exp(fit.params[3])),
        ci_low=float(np.exp(low)),
        ci_high=float(np.exp(high)),
        p_value=float(fit.pvalues[3]),
        n_program=int((persons["group"] == "program").sum()),
        n_comparison=int((persons["group"] == "comparison").sum()),
        method=(
            "Ratio of after/before rate ratios, program against comparison: negative "
            f"binomial GLM (statsmodels, alpha={alpha:.3g} {how}) of {outcome} on group, "
            "window and their interaction, offset log(person-years), SEs clustered by person."
        ),
    )


def _summary(estimates: list[Estimate]) -> list[str]:
    from openlead.evaluation.wording import direction, estimand_words, finding

    found: dict[str, Any] = {e.outcome: e for e in estimates}
    lines = []
    net = found.get("net_cost_change_per_participant_year")
    if net is not None:
        way = direction(net)
        verdict = "no clear difference" if way == "unclear" else f"{way} for participants"
        lines.append(
            f"Counting the program's own cost, the net change in public cost per "
            f"participant-year against the comparison group (a difference in dollars; "
            f"{verdict}) was ${net.estimate:,.0f}; the 95% interval runs from "
            f"${net.ci_low:,.0f} to ${net.ci_high:,.0f}."
        )
    for outcome in ("bookings", "jail_days"):
        rr = found.get(outcome)
        if rr is not None and not math.isnan(rr.estimate):
            lines.append(
                f"{outcome.replace('_', ' ').capitalize()} per person-year, "
                f"{estimand_words(rr)}: {finding(rr)}."
            )
    return lines
