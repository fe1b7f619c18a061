"""Seeded simulations of the two cases that broke the weighted models (issue 18).

Both draw person-windows directly (a pre and a post "any arrest" per person) from a
logistic model whose program x post odds ratio is known, then fit them with the engine's
own propensity weights and `fit_window`, as the recidivism design does.

- `big_pool`: a comparison pool 50 times the program group, dollar-valued
  log-normal covariates (income, benefits) and little overlap: participants are mostly
  the poorest people, and most of the pool has a score near 0.
- `near_determined`: a randomised sample in which a covariate (any prior arrest on the
  record, the pre window included, as a naive export counts it) nearly determines the
  pre-period outcome: nobody without one has a pre-window arrest. The covariate-adjusted
  program x post model is then separated (its maximum-likelihood estimate does not exist).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from openlead.evaluation.designs.recidivism_fit import WindowFit, fit_window
from openlead.evaluation.propensity import design_matrix, propensity_weights
from openlead.evaluation.types import Estimate

TRUE_OR = 0.6
T = float(np.log(TRUE_OR))


def _expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def big_pool(seed: int, n_program: int = 150, ratio: int = 50) -> pd.DataFrame:
    """People with group, income, benefits, age, y_pre, y_post."""
    rng = np.random.default_rng(seed)
    n = n_program * (ratio + 1)
    income = np.exp(rng.normal(10.0, 0.8, n))  # dollars a year, heavy right tail
    benefits = np.exp(rng.normal(7.0, 1.0, n))
    age = rng.normal(36, 11, n)
    logit = -4.2 - 2.2 * (income / 22_000 - 1) + 0.25 * (benefits / 1_100 - 1) - 0.03 * (age - 36)
    program = np.zeros(n, dtype=bool)
    # exactly n_program participants, drawn with the score's odds (little overlap)
    pick = rng.choice(n, n_program, replace=False, p=_expit(logit) / _expit(logit).sum())
    program[pick] = True
    x_pre = -0.6 - 0.35 * (income / 22_000 - 1) + 0.1 * (benefits / 1_100 - 1) - 0.02 * (age - 36)
    x_post = -0.9 - 0.45 * (income / 22_000 - 1) + 0.15 * (benefits / 1_100 - 1) - 0.02 * (age - 36)
    y_pre = rng.random(n) < _expit(x_pre)
    y_post = rng.random(n) < _expit(x_post + T * program)
    return pd.DataFrame(
        {
            "group": np.where(program, "program", "comparison"),
            "income": income.round(0),
            "benefits": benefits.round(0),
            "age": age.round(0),
            "y_pre": y_pre,
            "y_post": y_post,
        }
    )


def near_determined(seed: int, n: int = 1500) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    program = rng.random(n) < 0.5  # randomised
    age = rng.normal(36, 11, n).round(0)
    earlier = rng.random(n) < 0.55  # arrests before the pre window
    y_pre = rng.random(n) < np.where(earlier, 0.7, 0.25)
    any_prior = (earlier | y_pre).astype(float)  # counts the pre window: y_pre implies it
    y_post = rng.random(n) < _expit(-0.8 + 0.5 * any_prior - 0.02 * (age - 36) + T * program)
    return pd.DataFrame(
        {
            "group": np.where(program, "program", "comparison"),
            "any_prior": any_prior,
            "age": age,
            "y_pre": y_pre,
            "y_post": y_post,
        }
    )


ALL = ("ATE", "ATT", "ATE-trimmed", "ATT-truncated")


def estimates(
    people: pd.DataFrame, covariates: list[str], estimands: tuple[str, ...] = ALL
) -> dict[str, Estimate]:
    """The engine's estimates by estimand (plus "unweighted") for one simulated sample."""
    people = people.assign(person_id=[f"p{k}" for k in range(len(people))])
    scores = propensity_weights(people, covariates, figures=False)
    ids = pd.Index(people["person_id"])
    design, _ = design_matrix(people, covariates)
    design.index = ids
    weights = {
        "ATE": scores.ate,
        "ATT": scores.att,
        "ATE-trimmed": scores.ate_trimmed,
        "ATT-truncated": scores.att_truncated,
    }
    rows = pd.DataFrame(
        {
            "person_id": np.repeat(people["person_id"].to_numpy(), 2),
            "group": np.repeat(people["group"].to_numpy(), 2),
            "period": np.tile(["pre", "post"], len(people)),
            "days": 182,
            "any_arrest": np.column_stack([people["y_pre"], people["y_post"]]).ravel().astype(int),
        }
    )
    fit = WindowFit(
        rows,
        "any_arrest",
        "6m",
        design,
        {
            k: pd.Series(w.to_numpy(), index=ids)
            for k, w in weights.items()
            if w is not None and k in estimands
        },
        counts=False,
    )
    found, _ = fit_window(fit)
    return {e.estimand: e for e in found}
