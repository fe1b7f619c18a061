"""The time-to-event design reproduces a published Cox model: the Rossi re-arrest data.

Rossi, Berk & Lenihan (1980), "Money, Work and Crime": 432 people released from Maryland
state prisons, randomised to financial aid (fin) or none, followed 52 weeks for re-arrest.
Published model: Fox J (2002), "Cox Proportional-Hazards Regression for Survival Data",
appendix to An R and S-PLUS Companion to Applied Regression, Table of coxph(Surv(week,
arrest) ~ fin + age + race + wexp + mar + paro + prio, data=Rossi), fitted with coxph's
default Efron method for ties: coefficients fin -0.3794 (exp 0.6843), age -0.0574, race 0.3139, wexp -0.1498,
mar -0.4337, paro -0.0849, prio 0.0915. (Breslow ties give fin -0.3790 instead, which
is why the design uses Efron.) The data come from lifelines (test-only use).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.designs import time_to_event
from openlead.evaluation.io import prepare_inputs
from openlead.evaluation.types import Options

PUBLISHED = {
    "program": -0.3794,  # fin
    "age": -0.0574,
    "race": 0.3139,
    "wexp": -0.1498,
    "mar": -0.4337,
    "paro": -0.0849,
    "prio": 0.0915,
}
COVARIATES = ["age", "race", "wexp", "mar", "paro", "prio"]
INDEX = pd.Timestamp("2000-01-03")


def _rossi_frames() -> dict[str, pd.DataFrame]:
    from lifelines.datasets import load_rossi

    rossi = load_rossi()
    ids = [f"R{k:04d}" for k in range(len(rossi))]
    people = pd.DataFrame(
        {
            "person_id": ids,
            "group": np.where(rossi["fin"] == 1, "program", "comparison"),
            "index_date": INDEX.strftime("%Y-%m-%d"),
            "followup_end": (INDEX + pd.Timedelta(days=7 * 52)).strftime("%Y-%m-%d"),
            **{c: rossi[c].astype(str) for c in COVARIATES},
        }
    )
    arrested = rossi["arrest"] == 1
    dates = INDEX + pd.to_timedelta(7 * rossi.loc[arrested, "week"], unit="D")
    events = pd.DataFrame(
        {
            "person_id": np.array(ids)[arrested.to_numpy()],
            "date": dates.dt.strftime("%Y-%m-%d").to_numpy(),
            "kind": "arrest",
        }
    )
    return {"people": people, "events": events}


@pytest.fixture(scope="module")
def rossi_result() -> time_to_event.DesignResult:
    data, _ = prepare_inputs(_rossi_frames(), covariates=COVARIATES)
    return time_to_event.run(data, Options(outcomes=["any_arrest"]))


def test_it_matches_the_published_cox_coefficients_to_four_decimals(
    rossi_result: time_to_event.DesignResult,
) -> None:
    table = rossi_result.tables["cox_any_arrest"].set_index("term")
    for term, published in PUBLISHED.items():
        assert table.loc[term, "coef"] == pytest.approx(published, abs=5e-5), term


def test_it_reports_the_published_hazard_ratio_for_financial_aid(
    rossi_result: time_to_event.DesignResult,
) -> None:
    (estimate,) = rossi_result.estimates
    assert estimate.measure == "hazard_ratio"
    assert round(estimate.estimate, 4) == 0.6843
    assert (estimate.n_program, estimate.n_comparison) == (216, 216)
    assert estimate.ci_low < estimate.estimate < estimate.ci_high
    assert "Efron" in estimate.method


def test_it_draws_kaplan_meier_curves_for_both_groups(
    rossi_result: time_to_event.DesignResult,
) -> None:
    (svg,) = rossi_result.figures.values()
    assert svg.startswith("<svg")
    km = rossi_result.tables["kaplan_meier"]
    at_a_year = km.loc[km["day"] == 365].set_index("group")["survival"]
    # 48 of 216 with aid and 66 of 216 without were re-arrested within the year.
    assert at_a_year["program"] == pytest.approx(1 - 48 / 216)
    assert at_a_year["comparison"] == pytest.approx(1 - 66 / 216)
