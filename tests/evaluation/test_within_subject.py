"""within-subject: status outcomes after referral against the month before."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.designs import within_subject
from openlead.evaluation.types import DesignResult, EvalData, Options

from ._b_fixtures import TRUE, make_data, odds_ratio


@pytest.fixture(scope="module")
def result() -> DesignResult:
    return within_subject.run(make_data(n_program=250, n_comparison=20, seed=21), Options())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (116, 1.0),  # place not meant for habitation: homeless
        ("101", 1.0),  # emergency shelter is still HMIS class 1 (homeless)
        ("207", 2.0),  # jail or prison: institutional
        ("302", 3.0),  # transitional housing: temporary
        (435, 4.0),  # rental with subsidy: permanent
        ("Permanent", 4.0),  # class names are accepted too
        ("99", np.nan),  # data not collected
        ("17", np.nan),  # other: no class
        ("castle", np.nan),
    ],
    ids=["116", "101", "207", "302", "435", "name", "99", "17", "junk"],
)
def test_it_reads_hmis_codes_and_class_names(value: object, expected: float) -> None:
    assert within_subject.housing_class(value) == pytest.approx(expected, nan_ok=True)


def test_it_recovers_the_true_odds_ratios_within_the_ci(result: DesignResult) -> None:
    truths = {
        "sheltered": odds_ratio(*TRUE["sheltered"]),
        "permanent_housing": odds_ratio(*TRUE["permanent"]),
        "employment_continuum": odds_ratio(*TRUE["employment"]),
        "income_or_benefits": odds_ratio(*TRUE["income"]),
    }
    found = {e.outcome: e for e in result.estimates}
    assert set(found) == {*truths, "sheltered_any"}
    for outcome, truth in truths.items():
        estimate = found[outcome]
        assert estimate.ci_low is not None and estimate.ci_high is not None
        assert estimate.ci_low < truth < estimate.ci_high, outcome
        assert estimate.measure == "odds_ratio" and estimate.n_program == 250


def test_it_counts_emergency_shelter_only_in_the_broader_sheltered_outcome() -> None:
    data = _small([-1, 1], ["116", "101"], ["none", "none"])
    frame = within_subject.outcome_frame(data, [])
    assert frame.groupby("month")["sheltered"].sum().tolist() == [0, 0]
    assert frame.groupby("month")["sheltered_any"].sum().tolist() == [0, 12]


def test_it_gives_the_uw_figures_as_context_not_results(result: DesignResult) -> None:
    assert "For context only" in result.summary[0] and "89%" in result.summary[0]
    assert all("89%" not in e.method for e in result.estimates)
    assert result.figures and next(iter(result.figures.values())).startswith("<svg")


def _small(month: list[int], housing: list[object], employment: list[object]) -> EvalData:
    n = 12
    people = pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(n)],
            "group": "program",
            "index_date": pd.Timestamp("2021-05-15"),
        }
    )
    status = pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(n) for _ in month],
            "month": month * n,  # already relative to the index month
            "housing": housing * n,
            "employment": employment * n,
            "income_or_benefits": [1, 0, 8][: len(month)] * n,
        }
    )
    events = pd.DataFrame(columns=["person_id", "date", "kind"])
    return EvalData(people=people, events=events, status_months=status)


def test_it_reports_unreadable_values_instead_of_dropping_them_silently() -> None:
    data = _small([-1, 1, 2], ["116", "410", "castle"], ["none", "full time", "astronaut"])
    result = within_subject.run(data, Options())
    text = " ".join(result.warnings)
    assert "12 rows with unreadable housing" in text and "castle" in text
    assert "12 rows with unreadable employment" in text and "astronaut" in text
    assert "12 rows with unreadable income_or_benefits" in text


def test_it_suppresses_small_cells_in_the_month_table() -> None:
    data = _small([-1, 1], ["116", "410"], ["none", "training"])
    data.people = data.people.iloc[:5]
    status = data.status_months
    assert status is not None
    data.status_months = status.loc[status["person_id"].isin(data.people["person_id"])]
    table = within_subject.run(data, Options()).tables["status_by_month"]
    assert (table["sheltered_n"] == "<11").all()
    assert (table["sheltered_share"] == "").all()


def test_it_skips_without_status_months() -> None:
    data = _small([-1], ["116"], ["none"])
    data.status_months = None
    result = within_subject.run(data, Options())
    assert result.skipped and "status_months" in result.warnings[0]
    assert result.summary == []  # no UW context without results to set it beside


def test_it_gives_an_odds_ratio_for_each_month_after_referral(result: DesignResult) -> None:
    table = result.tables["odds_by_month"]
    assert table["month"].tolist() == list(range(1, 19))
    # every month has the same true odds ratio in the fake data
    for outcome, truth in (
        ("sheltered", odds_ratio(*TRUE["sheltered"])),
        ("income_or_benefits", odds_ratio(*TRUE["income"])),
    ):
        log_or = np.log(table[f"{outcome}_or"].astype(float))
        assert abs(log_or.mean() - np.log(truth)) < 0.25, outcome
        assert (table[f"{outcome}_ci_low"] < table[f"{outcome}_or"]).all()


def test_it_names_missing_status_columns_and_repeated_months() -> None:
    data = _small([-1, 1, 1], ["116", "410", "410"], ["none", "training", "training"])
    assert data.status_months is not None
    data.status_months = data.status_months.drop(columns=["employment"])
    notes: list[str] = []
    frame = within_subject.outcome_frame(data, notes)
    assert frame["employment_continuum"].isna().all()  # not a flat "off the continuum"
    assert any("no employment column" in n for n in notes)
    assert any("12 repeated person-months" in n for n in notes)
    assert len(frame) == 24


def test_it_takes_the_intake_month_as_baseline_when_there_is_no_month_before() -> None:
    # the app records status from the referral month on: month 0 is the only baseline
    data = _small([0, 1, 2], ["116", "410", "410"], ["none", "training", "none"])
    frame = within_subject.outcome_frame(data, [])
    assert sorted(frame["month"].unique()) == [0, 1, 2]
    assert frame.loc[frame["month"] == 0, "post"].eq(0).all()
    assert frame.groupby("month")["sheltered"].sum().tolist() == [0, 12, 12]
    status = data.status_months
    assert status is not None
    status["income_or_benefits"] = [0, 0, 1] * 6 + [1, 1, 1] * 6  # half have income at intake
    result = within_subject.run(data, Options())
    assert {e.outcome for e in result.estimates} == {"income_or_benefits"}
    assert all("intake month" in e.method and "for 12." in e.method for e in result.estimates)
    # everyone unsheltered at intake: a zero cell, named instead of a huge odds ratio
    assert any(
        "sheltered: every participant had the same value at baseline" in w for w in result.warnings
    )


def test_it_prefers_the_month_before_to_the_intake_month() -> None:
    data = _small([-1, 0, 1], ["116", "410", "410"], ["none", "none", "training"])
    frame = within_subject.outcome_frame(data, [])
    assert sorted(frame["month"].unique()) == [-1, 1]  # month 0 dropped when -1 exists


def _everyone_after(n: int = 40) -> EvalData:
    """Half of the participants have income at baseline and all of them in months 1-3:
    the post coefficient's maximum-likelihood estimate runs off to infinity."""
    months = [-1, 1, 2, 3]
    people = pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(n)],
            "group": "program",
            "index_date": pd.Timestamp("2021-05-15"),
        }
    )
    status = pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(n) for _ in months],
            "month": months * n,
            "housing": ["116", "410", "410", "410"] * n,
            "employment": ["none", "training", "none", "training"] * n,
            "income_or_benefits": [v for i in range(n) for v in (i % 2, 1, 1, 1)],
        }
    )
    events = pd.DataFrame(columns=["person_id", "date", "kind"])
    return EvalData(people=people, events=events, status_months=status)


def test_it_falls_back_to_firth_when_the_gee_estimate_does_not_exist() -> None:
    result = within_subject.run(_everyone_after(), Options())
    (estimate,) = result.estimates
    assert estimate.outcome == "income_or_benefits"
    assert estimate.fit == "Firth penalised likelihood"
    # Firth's estimate of a 2x2 odds ratio adds 1/2 to each cell (Firth 1993): baseline
    # 20 with and 20 without, after 120 with and 0 without
    assert estimate.estimate == pytest.approx((120.5 / 0.5) / (20.5 / 20.5), rel=1e-6)
    assert estimate.ci_low is not None and estimate.ci_high is not None
    assert 1 < estimate.ci_low < estimate.estimate < estimate.ci_high < 1e4
    assert "Firth's penalised likelihood" in estimate.method
    reasons = [w for w in result.warnings if w.startswith("income_or_benefits (")]
    assert {w.split(":")[0] for w in reasons} == {
        "income_or_benefits (post against baseline)",
        "income_or_benefits (month by month)",
    }
    for reason in reasons:
        assert "the maximum-likelihood fit did not converge" in reason
        assert "Firth's penalised likelihood used instead" in reason
    (sentence,) = [s for s in result.summary if "income or benefits" in s and "Participants'" in s]
    assert "fitted by Firth penalised likelihood" in sentence
    assert "higher odds (241.00)" in sentence
