"""Recidivism: arrests and charges before and after the index date, program vs comparison.

As in the Seattle LEAD evaluation (Collins, Lonczak & Clifasefi 2017, Evaluation and
Program Planning 64:49-56): logistic GEE over person-windows, the program effect being
the group x post interaction, with propensity-score ATE and ATT weights; counts by a
negative binomial GLM with the window length as exposure, giving rate ratios.
"""

from __future__ import annotations

import pandas as pd

from openlead.evaluation.designs.recidivism_fit import (
    WindowFit,
    fit_window,
    gee_independence_logit,
)
from openlead.evaluation.outcomes import Outcome, monthly_rates, start_on_outcomes, window_counts
from openlead.evaluation.parallel import map_forked
from openlead.evaluation.types import DesignResult, Estimate, EvalData, Options
from openlead.evaluation.wording import estimand_words, finding

__all__ = [
    "WindowFit",
    "covariates_and_weights",
    "fit_window",
    "gee_independence_logit",
    "run",
]

DESIGN = "recidivism"


def run(data: EvalData, options: Options) -> DesignResult:
    """Odds ratios and rate ratios for each outcome in the m-month and the long window."""
    result, outcomes = start_on_outcomes(DESIGN, data, options)
    if result.skipped:
        return result
    covariates, weights = covariates_and_weights(data, options, result)
    counts = window_counts(data, outcomes, options.window_months)
    windows = {
        window: counts.loc[counts["window"] == window]
        for window in (f"{options.window_months}m", "long")
    }

    # the trimming check runs on the main (m-month) window only: it is a sensitivity
    # analysis of the headline estimates, and 40 more fits on the long window cost time
    untrimmed = {k: w for k, w in weights.items() if k in ("ATE", "ATT")}

    def fit_one(task: tuple[str, int]) -> tuple[list[Estimate], list[str]]:
        window, k = task
        name = outcomes[k].name
        return fit_window(
            WindowFit(
                windows[window][["person_id", "group", "period", "days", name]],
                name,
                window,
                covariates,
                untrimmed if window == "long" else weights,
                _window_text(window, options),
                seed=options.seed,
            )
        )

    tasks = [(window, k) for window in windows for k in range(len(outcomes))]
    for estimates, notes in map_forked(fit_one, tasks, options.jobs):
        result.estimates.extend(estimates)
        result.warnings.extend(notes)
    result.tables["recidivism_windows"] = _window_table(counts, outcomes)
    _add_monthly_rates(data, outcomes, result)
    result.summary.extend(_summary(result.estimates, outcomes, options))
    return result


def _window_text(window: str, options: Options) -> str:
    if window == "long":
        return (
            "long window: from the day after index_date to the end of follow-up, against a "
            "period of equal length ending the day before index_date"
        )
    m = options.window_months
    return (
        f"{m}-month windows: [index_date - {m} months, index_date) and (index_date, "
        f"index_date + {m} months]; people followed less than {m} months after index excluded"
    )


def covariates_and_weights(
    data: EvalData, options: Options, result: DesignResult
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """The covariate design (indexed by person_id) and the weights of every weighted
    estimand; adds the balance and overlap tables, plots, warnings and a summary line."""
    from openlead.evaluation.propensity import design_matrix, propensity_weights

    ids = pd.Index(data.people["person_id"])
    if not data.covariates:
        result.warnings.append(
            "no covariates: only unweighted recidivism estimates (name covariates with "
            "--covariates, or add covariate columns to the people file)"
        )
        result.summary.append("No propensity weighting was done: no covariates were given.")
        return pd.DataFrame(index=ids), {}
    scores = propensity_weights(data.people, data.covariates, seed=options.seed)
    result.tables["balance"] = scores.balance
    result.tables["overlap"] = scores.overlap
    result.figures["Covariate balance before and after weighting"] = scores.figure_svg
    result.figures["Overlap of propensity scores"] = scores.overlap_svg
    result.warnings.extend(scores.warnings)
    result.summary.append(_weighting_sentence(scores.balance, scores.fit_used, data.covariates))
    design, _ = design_matrix(data.people, data.covariates)
    design.index = ids
    weights = {
        "ATE": scores.ate,
        "ATT": scores.att,
        "ATE-trimmed": scores.ate_trimmed,
        "ATT-truncated": scores.att_truncated,
    }
    _balance_warning(scores.balance, result)
    return design, {
        k: pd.Series(w.to_numpy(), index=ids) for k, w in weights.items() if w is not None
    }


def _weighting_sentence(balance: pd.DataFrame, fit_used: str, covariates: list[str]) -> str:
    worst = {
        k: float(balance[f"smd_{k}"].abs().max()) if len(balance) else 0.0 for k in ("ate", "att")
    }
    how = (
        "by maximum likelihood"
        if fit_used == "maximum likelihood"
        else f"by {fit_used} (the maximum-likelihood fit did not exist)"
    )
    if max(worst.values()) <= 0.1:
        state = "after weighting every covariate differs by |SMD| 0.1 or less"
    else:
        state = (
            f"after weighting a covariate still differs by |SMD| up to {worst['ate']:.2f} (ATE) "
            f"and {worst['att']:.2f} (ATT), more than the usual 0.1"
        )
    return (
        f"Propensity scores on {', '.join(covariates)} were fitted {how}; {state}. "
        "Trimmed (Crump 0.1-0.9) and truncated (99th percentile) weights are reported beside "
        "the untrimmed ones."
    )


def _balance_warning(balance: pd.DataFrame, result: DesignResult) -> None:
    for column in ("smd_ate", "smd_att"):
        worst = balance[column].abs().max() if len(balance) else 0.0
        if worst > 0.1:
            result.warnings.append(
                f"after {column.removeprefix('smd_').upper()} weighting a covariate still "
                f"differs by |SMD| {worst:.2f} > 0.1; see the balance table"
            )


# --- tables, figures and summary -----------------------------------------------------------------


def _window_table(counts: pd.DataFrame, outcomes: list[Outcome]) -> pd.DataFrame:
    rows = []
    keys = ["window", "period", "group"]
    for key, part in counts.groupby(keys, sort=True):
        for outcome in outcomes:
            values = part[outcome.name]
            rows.append(
                {
                    **dict(zip(keys, key, strict=True)),
                    "outcome": outcome.name,
                    "n_people": int(len(part)),
                    "n_with_event": int((values > 0).sum()),
                    "share_with_event": float((values > 0).mean()),
                    "events": int(values.sum()),
                    "events_per_person_year": float(
                        values.sum() / max(part["days"].sum(), 1) * 365.25
                    ),
                }
            )
    return pd.DataFrame(rows)


def _add_monthly_rates(data: EvalData, outcomes: list[Outcome], result: DesignResult) -> None:
    from openlead.evaluation.plots import figure_to_svg, new_figure

    outcome = outcomes[0]
    rates = monthly_rates(data, outcome)
    rates.insert(0, "outcome", outcome.name)
    result.tables["monthly_rates"] = rates
    title = f"Monthly {outcome.label} rate around the index date"
    if not (rates["events"] >= 11).any():
        # Every month is a small cell: the plot would be empty axes. Say so instead.
        result.warnings.append(f"{title}: not drawn, every month has fewer than 11 events")
        return
    fig = new_figure()
    ax = fig.add_subplot()
    for group, part in rates.groupby("group"):
        shown = part.loc[part["events"] >= 11]  # small cells stay out of the picture
        ax.plot(shown["month"] + 0.5, shown["rate"], marker="o", markersize=3, label=str(group))
    ax.axvline(0, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("months from index date (30-day months)")
    ax.set_ylabel(f"{outcome.label} per 100 people")
    ax.legend()
    ax.set_title(title)
    result.figures[title] = figure_to_svg(fig)


def _summary(estimates: list[Estimate], outcomes: list[Outcome], options: Options) -> list[str]:
    """Sentences from what ran: the first outcome's odds ratios, each with its estimand."""
    window = f"{options.window_months}m"
    first = [
        e
        for e in estimates
        if e.outcome == outcomes[0].name and e.window == window and e.measure == "odds_ratio"
    ]
    lines = []
    for e in sorted(first, key=lambda e: ORDER.index(e.estimand)):
        fallback = "" if e.fit == "maximum likelihood" else f" (fitted by {e.fit})"
        lines.append(
            f"{outcomes[0].label.capitalize()} in the {options.window_months} months after "
            f"the index date, {estimand_words(e)}{fallback}: {finding(e)}."
        )
    if not first:
        lines.append(
            f"No odds ratio of {outcomes[0].label} could be estimated in the "
            f"{options.window_months}-month window; the warnings say why."
        )
    return lines


ORDER = ["ATT", "ATE", "ATT-truncated", "ATE-trimmed", "unweighted"]
