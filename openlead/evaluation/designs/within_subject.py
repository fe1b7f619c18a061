"""within-subject: housing, employment and income in each month after referral.

Follows the UW LEAD housing/employment/income analysis: program participants only, each
of months 1..18 after the referral month compared with the month before (month -1), by a
population-averaged logistic GEE clustered by person.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from openlead.evaluation.designs.utilization_costs import relative_month, suppress_table
from openlead.evaluation.model import DesignResult, Estimate, EvalData, Options
from openlead.evaluation.plots import figure_to_svg, new_figure

__all__ = ["DESIGN", "EMPLOYMENT_OFF", "EMPLOYMENT_ON", "housing_class", "run"]

DESIGN = "within-subject"
MONTHS_AFTER = 18
MIN_PERSONS = 10
UNSHELTERED = 116  # HMIS 3.917: place not meant for habitation
STATUS_COLUMNS = ("housing", "employment", "income_or_benefits")

HOUSING_CLASSES = {"homeless": 1, "institutional": 2, "temporary": 3, "permanent": 4}
# Employment continuum stages (lower-case, spaces and hyphens read as underscores).
EMPLOYMENT_OFF = frozenset({"none", "not_engaged", "not_on_continuum", "no", "false", "0"})
EMPLOYMENT_ON = frozenset(
    {
        "exploring",
        "contemplating",
        "preparing",
        "job_readiness",
        "job_search",
        "education",
        "training",
        "volunteer",
        "volunteering",
        "seasonal",
        "part_time",
        "full_time",
        "employed",
        "self_employed",
        "yes",
        "true",
        "1",
    }
)
INCOME_YES = frozenset({"1", "yes", "true", "y"})
INCOME_NO = frozenset({"0", "no", "false", "n"})

OUTCOMES = {
    "sheltered": "sheltered (HMIS living situation class 2xx, 3xx or 4xx)",
    "sheltered_any": "in any shelter or housing (every HMIS living situation except 116)",
    "permanent_housing": "in permanent housing (HMIS class 4xx)",
    "employment_continuum": "on the employment continuum",
    "income_or_benefits": "with income or benefits",
}

PLAIN = {
    "sheltered": "being sheltered",
    "sheltered_any": "being anywhere but a place not meant for habitation",
    "permanent_housing": "being in permanent housing",
    "employment_continuum": "being on the employment continuum",
    "income_or_benefits": "having income or benefits",
}

UW_CONTEXT = [
    "For context only (not results of this run): the UW evaluation of Seattle LEAD "
    "(Clifasefi, Lonczak & Collins, Crime & Delinquency 63(4), 2017) found participants more than twice as likely to be "
    "sheltered, 89% more likely to be in permanent housing, 46% more likely to be on the "
    "employment continuum and 33% more likely to have income or benefits in each month "
    "after referral than in the month before."
]


def _blank(value: object) -> bool:
    return value is None or bool(pd.isna(value))  # type: ignore[call-overload]


def housing_class(value: object) -> float:
    """HMIS living-situation class 1-4 from a code (116, "410") or a class name."""
    if _blank(value):
        return np.nan
    text = str(value).strip().lower()
    if text in HOUSING_CLASSES:
        return float(HOUSING_CLASSES[text])
    try:
        code = int(float(text))
    except ValueError:
        return np.nan
    return float(code // 100) if 100 <= code < 500 else np.nan


def _codes(values: pd.Series) -> pd.Series:
    """HMIS codes as numbers; a class name stands for its class, except "homeless", which
    cannot say whether the person was in a shelter (101) or unsheltered (116)."""
    names = {"institutional": "200", "temporary": "300", "permanent": "400"}
    text = values.astype("string").str.strip().str.lower()
    return pd.to_numeric(text.replace(names), errors="coerce")


def _employment(value: object) -> float:
    if _blank(value):
        return 0.0  # a blank stage is "not on the continuum", as the brief defines it
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if text in EMPLOYMENT_ON:
        return 1.0
    return 0.0 if text in EMPLOYMENT_OFF else np.nan


def _employment_column(stages: pd.Series) -> pd.Series:
    # with no stage recorded at all, "blank means off" would invent a flat outcome
    if stages.isna().all():
        return pd.Series(np.nan, index=stages.index)
    return stages.map(_employment)


def _income(value: object) -> float:
    if _blank(value):
        return np.nan
    text = str(value).strip().lower()
    if text in INCOME_YES:
        return 1.0
    return 0.0 if text in INCOME_NO else np.nan  # 8, 9, 99: doesn't know / refused / missing


def outcome_frame(data: EvalData, notes: list[str]) -> pd.DataFrame:
    """Program participants' months -1 and 1..18 with the four binary outcomes."""
    status = data.status_months
    assert status is not None
    program = data.people.loc[data.people["group"] == "program", ["person_id", "index_date"]]
    status = status.loc[status["person_id"].isin(program["person_id"])].copy()
    status["rel"] = relative_month(status, program)
    status = status.loc[(status["rel"] == -1) | status["rel"].between(1, MONTHS_AFTER)]
    for column in STATUS_COLUMNS:
        if column not in status.columns:
            notes.append(f"status_months has no {column} column: its outcomes are left out")
            status[column] = pd.Series(pd.NA, index=status.index, dtype="object")
    cls = status["housing"].map(housing_class)
    codes = _codes(status["housing"])
    out = pd.DataFrame(
        {
            "person_id": status["person_id"],
            "month": status["rel"].astype(int),
            "post": (status["rel"] > 0).astype(float),
            "sheltered": np.where(cls.isna(), np.nan, cls.isin([2, 3, 4]).astype(float)),
            "sheltered_any": np.where(
                cls.isna() | codes.isna(), np.nan, (codes != UNSHELTERED).astype(float)
            ),
            "permanent_housing": np.where(cls.isna(), np.nan, (cls == 4).astype(float)),
            "employment_continuum": _employment_column(status["employment"]),
            "income_or_benefits": status["income_or_benefits"].map(_income),
        }
    )
    _note_unreadable(status, out, notes)
    repeated = out.duplicated(["person_id", "month"])
    if repeated.any():
        notes.append(
            f"status_months: {int(repeated.sum())} repeated person-months; the first of each kept"
        )
    return out.loc[~repeated].reset_index(drop=True)


def _note_unreadable(status: pd.DataFrame, out: pd.DataFrame, notes: list[str]) -> None:
    checks = {
        "housing": out["sheltered"].isna() & status["housing"].notna(),
        "employment": out["employment_continuum"].isna() & status["employment"].notna(),
        "income_or_benefits": out["income_or_benefits"].isna()
        & status["income_or_benefits"].notna(),
    }
    for column, bad in checks.items():
        if bad.any():
            examples = ", ".join(sorted({str(v) for v in status.loc[bad, column]})[:5])
            notes.append(
                f"status_months: {int(bad.sum())} rows with unreadable {column} left out "
                f"of that outcome (values: {examples})"
            )


def run(data: EvalData, options: Options) -> DesignResult:
    """Odds of each status outcome after referral against the month before (GEE)."""
    result = DesignResult(design=DESIGN, summary=list(UW_CONTEXT))
    if data.status_months is None or data.status_months.empty:
        result.skipped = True
        result.warnings.append("needs status_months (housing, employment, income_or_benefits)")
        return result
    frame = outcome_frame(data, result.warnings)
    for outcome in OUTCOMES:
        estimate = _gee(frame, outcome, result.warnings)
        if estimate is not None:
            result.estimates.append(estimate)
            result.summary.append(_sentence(estimate))
    result.tables["status_by_month"] = month_table(frame)
    result.tables["odds_by_month"] = month_odds(frame, result.warnings)
    result.figures["Status by month around referral"] = month_figure(frame)
    return result


def _fit_gee(rows: pd.DataFrame, outcome: str, exog: pd.DataFrame, notes: list[str]) -> Any:
    import statsmodels.api as sm

    model = sm.GEE(
        rows[outcome],
        exog,
        groups=pd.factorize(rows["person_id"])[0],
        family=sm.families.Binomial(),
        cov_struct=sm.cov_struct.Exchangeable(),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = model.fit()
    for warning in caught:
        if issubclass(warning.category, (RuntimeWarning, UserWarning)):
            notes.append(f"{outcome}: statsmodels GEE: {warning.message}")
    return fit


def _usable(rows: pd.DataFrame, outcome: str, notes: list[str]) -> bool:
    people = rows["person_id"].nunique()
    if people < MIN_PERSONS or rows[outcome].nunique() < 2 or rows["post"].nunique() < 2:
        notes.append(f"{outcome}: too few people or no variation (n={people}); no estimate")
        return False
    return True


def _gee(frame: pd.DataFrame, outcome: str, notes: list[str]) -> Estimate | None:
    import statsmodels.api as sm

    rows = frame.dropna(subset=[outcome]).sort_values(["person_id", "month"])
    if not _usable(rows, outcome, notes):
        return None
    fit = _fit_gee(rows, outcome, sm.add_constant(rows[["post"]]), notes)
    low, high = fit.conf_int().loc["post"]
    return Estimate(
        design=DESIGN,
        outcome=outcome,
        window=f"months 1-{MONTHS_AFTER} vs month -1",
        estimand="unweighted",
        measure="odds_ratio",
        estimate=float(np.exp(fit.params["post"])),
        ci_low=float(np.exp(low)),
        ci_high=float(np.exp(high)),
        p_value=float(fit.pvalues["post"]),
        n_program=int(rows["person_id"].nunique()),
        n_comparison=0,
        method=(
            "Logistic GEE (statsmodels, exchangeable working correlation, robust SEs "
            f"clustered by person) of {OUTCOMES[outcome]} on a post-referral indicator, "
            "program participants only: odds ratio post vs month before."
        ),
    )


def month_odds(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Odds ratio of each month 1..18 against month -1, from one GEE per outcome with a
    dummy per month. Months where a yes or no count is under 11 are blanked."""
    import statsmodels.api as sm

    months = list(range(1, MONTHS_AFTER + 1))
    table = pd.DataFrame({"month": months})
    for outcome in OUTCOMES:
        rows = frame.dropna(subset=[outcome]).sort_values(["person_id", "month"])
        if not _usable(rows, outcome, []):
            continue
        present = [m for m in months if (rows["month"] == m).any()]
        dummies = pd.DataFrame({f"m{m}": (rows["month"] == m).astype(float) for m in present})
        fit = _fit_gee(rows, outcome, sm.add_constant(dummies), notes)
        ci = np.exp(fit.conf_int())
        yes = rows.groupby("month")[outcome].sum()
        no = rows.groupby("month")[outcome].count() - yes
        small = ((yes.between(1, 10)) | (no.between(1, 10))).reindex([-1, *months], fill_value=True)
        for m in present:
            if small[m] or small[-1]:
                continue
            at = table["month"] == m
            table.loc[at, f"{outcome}_or"] = round(float(np.exp(fit.params[f"m{m}"])), 3)
            table.loc[at, f"{outcome}_ci_low"] = round(float(ci.loc[f"m{m}", 0]), 3)
            table.loc[at, f"{outcome}_ci_high"] = round(float(ci.loc[f"m{m}", 1]), 3)
    return table


def _sentence(estimate: Estimate) -> str:
    return (
        f"In months after referral, participants had {estimate.estimate:.2f} times the odds of "
        f"{PLAIN[estimate.outcome]} compared with the month before (95% CI {estimate.ci_low:.2f} to {estimate.ci_high:.2f})."
    )


def month_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per month: people observed and with each outcome; small cells suppressed."""
    rows = []
    for month, part in frame.groupby("month"):
        row: dict[str, object] = {"month": month}
        for outcome in OUTCOMES:
            known = part[outcome].dropna()
            row[f"{outcome}_n"] = len(known)
            row[f"{outcome}_yes"] = int(known.sum())
            row[f"{outcome}_share"] = round(float(known.mean()), 3) if len(known) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows)
    counts: dict[str, list[str]] = {}
    for outcome in OUTCOMES:
        counts[f"{outcome}_n"] = [f"{outcome}_share"]
        counts[f"{outcome}_yes"] = [f"{outcome}_share"]
    complements = {f"{outcome}_yes": f"{outcome}_n" for outcome in OUTCOMES}
    return suppress_table(table, counts, complements)


def month_figure(frame: pd.DataFrame) -> str:
    fig = new_figure()
    ax = fig.add_subplot()
    shares = frame.groupby("month")[list(OUTCOMES)].mean()
    for outcome in OUTCOMES:
        ax.plot(
            shares.index, shares[outcome], marker="o", markersize=3, label=outcome.replace("_", " ")
        )
    ax.axvline(0, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("month relative to referral (month 0 not used)")
    ax.set_ylabel("share of participants observed")
    ax.set_ylim(0, 1)
    ax.legend(fontsize="small")
    return figure_to_svg(fig)
