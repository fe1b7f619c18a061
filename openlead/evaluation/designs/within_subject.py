"""within-subject: housing, employment and income in each month after referral.

Follows the UW LEAD housing/employment/income analysis: program participants only, each
of months 1..18 after the referral month compared with a baseline month, by a
population-averaged logistic GEE clustered by person. The baseline is each person's earliest
status at or before the index month: the month before (-1) as in the UW analysis when it
exists, else the intake month (0). The program's own app records status only from the
referral month on, and the intake status describes the situation at entry, as HMIS's
project-start living situation does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from openlead.evaluation.designs.utilization_costs import relative_month, suppress_table
from openlead.evaluation.parallel import map_forked
from openlead.evaluation.plots import figure_to_svg, new_figure
from openlead.evaluation.robust import cluster_sandwich, firth_logit, suspect_fit
from openlead.evaluation.types import DesignResult, Estimate, EvalData, Options

__all__ = ["DESIGN", "EMPLOYMENT_OFF", "EMPLOYMENT_ON", "housing_class", "run"]

DESIGN = "within-subject"
MONTHS_AFTER = 18
MIN_PERSONS = 10
UNSHELTERED = 116  # HMIS 3.917: place not meant for habitation
Z = 1.959963984540054
ML = "maximum likelihood"
FIRTH = "Firth penalised likelihood"
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


def _map_values(values: pd.Series, read: Callable[[object], float]) -> pd.Series:
    """`values.map(read)`, calling `read` once per distinct value (a few dozen codes over
    a million status months) instead of once per row."""
    codes, distinct = pd.factorize(values)
    read_distinct = np.array([read(v) for v in distinct] + [read(None)], dtype=float)
    return pd.Series(read_distinct[codes], index=values.index)  # code -1 (blank) -> last


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
    return _map_values(stages, _employment)


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
    status = status.loc[_baseline_or_after(status)]
    for column in STATUS_COLUMNS:
        if column not in status.columns:
            notes.append(f"status_months has no {column} column: its outcomes are left out")
            status[column] = pd.Series(pd.NA, index=status.index, dtype="object")
    cls = _map_values(status["housing"], housing_class)
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
            "income_or_benefits": _map_values(status["income_or_benefits"], _income),
        }
    )
    _note_unreadable(status, out, notes)
    repeated = out.duplicated(["person_id", "month"])
    if repeated.any():
        notes.append(
            f"status_months: {int(repeated.sum())} repeated person-months; the first of each kept"
        )
    return out.loc[~repeated].reset_index(drop=True)


def _baseline_or_after(status: pd.DataFrame) -> pd.Series:
    """Rows of months 1..18 and each person's baseline: month -1 if they have one, else
    month 0 (the intake month). Earlier months are not used: one month before, as UW."""
    has_before = status["person_id"].isin(status.loc[status["rel"] == -1, "person_id"])
    baseline = status["rel"] == np.where(has_before, -1, 0)
    return baseline | status["rel"].between(1, MONTHS_AFTER)


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
    result = DesignResult(design=DESIGN)
    if data.status_months is None or data.status_months.empty:
        result.skipped = True
        result.warnings.append("needs status_months (housing, employment, income_or_benefits)")
        return result
    result.summary.extend(UW_CONTEXT)  # context for this design's results, not without them
    frame = outcome_frame(data, result.warnings)
    # the month-by-month fits are the larger ones: they go first to balance the workers
    tasks = [(True, outcome) for outcome in OUTCOMES] + [(False, outcome) for outcome in OUTCOMES]
    done = map_forked(lambda task: _fit_task(frame, *task), tasks, options.jobs)
    odds = pd.DataFrame({"month": list(range(1, MONTHS_AFTER + 1))})
    for (monthly, _), (value, notes) in zip(tasks, done, strict=True):
        result.warnings.extend(notes)
        if monthly and value is not None:
            odds = odds.assign(**value)
        elif isinstance(value, Estimate):
            result.estimates.append(value)
            result.summary.append(_sentence(value))
    result.tables["status_by_month"] = month_table(frame)
    result.tables["odds_by_month"] = odds
    result.figures["Status by month around referral"] = month_figure(frame)
    return result


@dataclass
class _Fit:
    """A logistic fit's coefficients by term, their cluster-robust covariance, and how."""

    terms: list[str]
    params: np.ndarray
    cov: np.ndarray
    how: str  # ML, or FIRTH when the maximum-likelihood estimate does not exist

    def ratio(self, term: str) -> tuple[float, float, float, float]:
        """exp(coef), CI low, CI high and the Wald p-value of one term."""
        from scipy.stats import norm

        k = self.terms.index(term)
        b, se = float(self.params[k]), float(np.sqrt(self.cov[k, k]))
        p = float(2 * norm.sf(abs(b / se)))
        return math.exp(b), math.exp(b - Z * se), math.exp(b + Z * se), p


def _fit_logit(
    rows: pd.DataFrame, outcome: str, exog: pd.DataFrame, what: str, notes: list[str]
) -> _Fit | None:
    """Logistic GEE, independence working correlation, robust SEs clustered by person.

    Fitted as the identical statsmodels GLM with a cluster-robust sandwich on the distinct
    (month, outcome) rows (see `gee_independence_logit`): statsmodels GEE loops over
    people in Python and took over a minute on 20,000 participants' months. When the
    maximum-likelihood estimate does not exist (a month or the post period where everyone
    has the outcome, or no one), Firth's penalised likelihood is fitted instead with the
    same person-clustered sandwich, as the recidivism design does, and the note says why.
    """
    from openlead.evaluation.designs.recidivism import gee_independence_logit

    y = rows[outcome].to_numpy(dtype=float)
    x = exog.to_numpy(dtype=float)
    groups = pd.factorize(rows["person_id"])[0]
    try:
        fit = gee_independence_logit(y, x, groups, None, keys=(rows["month"].to_numpy(),))
        why = suspect_fit(fit.params, fit.bse, fit.converged)
        if not why:
            return _Fit(list(exog.columns), fit.params, fit.cov, ML)
    except (np.linalg.LinAlgError, ValueError) as exc:
        why = f"the maximum-likelihood fit failed ({exc})"
    try:
        firth = firth_logit(y, x)
        cov = cluster_sandwich(firth, groups)
    except (np.linalg.LinAlgError, ValueError) as exc:
        notes.append(f"{outcome} ({what}): not estimated: {why}; Firth's fit also failed ({exc})")
        return None
    if not firth.converged or not np.all(np.isfinite(np.diag(cov))):
        notes.append(f"{outcome} ({what}): not estimated: {why}, and Firth's fit did not converge")
        return None
    notes.append(f"{outcome} ({what}): {why}; Firth's penalised likelihood used instead")
    return _Fit(list(exog.columns), firth.params, cov, FIRTH)


def _usable(rows: pd.DataFrame, outcome: str, notes: list[str]) -> bool:
    people = rows["person_id"].nunique()
    if people < MIN_PERSONS or rows[outcome].nunique() < 2 or rows["post"].nunique() < 2:
        notes.append(f"{outcome}: too few people or no variation (n={people}); no estimate")
        return False
    base = rows.loc[rows["post"] == 0, outcome]
    if base.nunique() < 2:  # a zero cell at baseline: the odds ratio is not defined
        notes.append(
            f"{outcome}: every participant had the same value at baseline (n={people}); the "
            "odds ratio is not defined, so no estimate: a longer status history before "
            "referral or more participants can give one"
        )
        return False
    return True


def _gee(frame: pd.DataFrame, outcome: str, notes: list[str]) -> Estimate | None:
    rows = frame.dropna(subset=[outcome]).sort_values(["person_id", "month"])
    if not _usable(rows, outcome, notes):
        return None
    exog = pd.DataFrame({"const": 1.0, "post": rows["post"].to_numpy(dtype=float)})
    fit = _fit_logit(rows, outcome, exog, "post against baseline", notes)
    if fit is None:
        return None
    estimate, low, high, p = fit.ratio("post")
    fitted = (
        "fitted as the identical statsmodels GLM, Binomial family, logit link, by maximum "
        "likelihood, cluster-robust covariance without small-sample correction"
        if fit.how == ML
        else "fitted by Firth's penalised likelihood (numpy; the maximum-likelihood estimate "
        "does not exist), cluster-robust covariance without small-sample correction"
    )
    return Estimate(
        design=DESIGN,
        outcome=outcome,
        window=f"months 1-{MONTHS_AFTER} vs baseline (month -1, else month 0)",
        estimand="unweighted",
        measure="odds_ratio",
        estimate=estimate,
        ci_low=low,
        ci_high=high,
        p_value=p,
        n_program=int(rows["person_id"].nunique()),
        n_comparison=0,
        method=(
            "Logistic GEE with independence working correlation and robust sandwich SEs "
            f"clustered by person ({fitted}) of "
            f"{OUTCOMES[outcome]} on a post-referral indicator (baseline against each of "
            f"months 1-{MONTHS_AFTER}), program participants only: odds ratio post vs "
            f"baseline. {_baseline_words(rows)}"
        ),
        fit=fit.how,
    )


def _baseline_words(rows: pd.DataFrame) -> str:
    """How many people's baseline is the month before, and how many the intake month."""
    base = rows.loc[rows["month"] <= 0].drop_duplicates("person_id")
    before, intake = int((base["month"] == -1).sum()), int((base["month"] == 0).sum())
    return (
        f"Baseline: each person's earliest status at or before the index month; the month "
        f"before referral for {before} people, the intake month (the situation at entry, "
        f"as HMIS's project-start living situation) for {intake}."
    )


def _fit_task(frame: pd.DataFrame, monthly: bool, outcome: str) -> tuple[Any, list[str]]:
    """One outcome's overall estimate, or its month-by-month odds columns, with notes."""
    notes: list[str] = []
    value = _month_columns(frame, outcome, notes) if monthly else _gee(frame, outcome, notes)
    return value, notes


def _month_columns(
    frame: pd.DataFrame, outcome: str, notes: list[str]
) -> dict[str, list[float]] | None:
    """`{outcome}_or`, `_ci_low` and `_ci_high` for months 1..18 (NaN where suppressed)."""
    months = list(range(1, MONTHS_AFTER + 1))
    rows = frame.dropna(subset=[outcome]).sort_values(["person_id", "month"])
    if not _usable(rows, outcome, []):
        return None
    present = [m for m in months if (rows["month"] == m).any()]
    month = rows["month"].to_numpy()
    exog = pd.DataFrame({"const": 1.0, **{f"m{m}": (month == m).astype(float) for m in present}})
    fit = _fit_logit(rows, outcome, exog, "month by month", notes)
    if fit is None:
        return None
    yes = rows.groupby("month")[outcome].sum()
    no = rows.groupby("month")[outcome].count() - yes
    small = ((yes.between(1, 10)) | (no.between(1, 10))).reindex(months, fill_value=True)
    base = rows.loc[rows["month"] <= 0, outcome]
    base_yes, base_no = base.sum(), base.count() - base.sum()
    small_base = bool(1 <= base_yes <= 10 or 1 <= base_no <= 10)
    columns: dict[str, list[float]] = {f"{outcome}_{k}": [] for k in ("or", "ci_low", "ci_high")}
    for m in months:
        shown = m in present and not (small[m] or small_base)
        values = fit.ratio(f"m{m}")[:3] if shown else (np.nan, np.nan, np.nan)
        for key, value in zip(("or", "ci_low", "ci_high"), values, strict=True):
            columns[f"{outcome}_{key}"].append(round(float(value), 3))
    return columns


def _sentence(estimate: Estimate) -> str:
    from openlead.evaluation.wording import direction, interval_text

    way = direction(estimate)
    if way == "unclear":
        change = "no clear change"
    else:
        change = f"{abs(estimate.estimate - 1) * 100:.0f}% {way} odds ({estimate.estimate:.2f})"
    fallback = (
        ""
        if estimate.fit in ("", ML)
        else f" (fitted by {estimate.fit}: the maximum-likelihood estimate does not exist)"
    )
    return (
        f"Participants' odds of {PLAIN[estimate.outcome]} in the months after referral against "
        f"their baseline (the month before, else the intake month; a within-person odds ratio, participants only; no comparison "
        f"group){fallback}: {change}; {interval_text(estimate)}."
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
    ax.set_xlabel("month relative to referral (month 0 only as a baseline)")
    ax.set_ylabel("share of participants observed")
    ax.set_ylim(0, 1)
    ax.legend(fontsize="small")
    return figure_to_svg(fig)
