"""Fake evaluation data with known true effects, for the B designs' tests.

Everything here is invented: hashed-looking IDs, round dates, no real people. The truths
(TRUE) are what the designs must recover within their confidence intervals.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from openlead.evaluation.types import EvalData

START = pd.Timestamp("2019-01-01")
FOLLOW_UP_END = pd.Timestamp("2023-12-31")

TRUE: dict[str, Any] = {
    # utilization: rates per person-year, before -> after
    "booking_rate": 2.0,
    "booking_rr_program": 0.5,  # program after/before; comparison stays at 1
    "stay_rate": 1.0,
    "stay_days": 4,
    "stay_rr_program": 0.5,
    "booking_cost": 500.0,
    "jail_day_cost": 150.0,
    "per_month": 899.0,
    # within-subject: P(outcome) in month -1 and months 1..18
    "sheltered": (0.30, 0.50),
    "permanent": (0.10, 0.20),
    "employment": (0.20, 0.30),
    "income": (0.40, 0.50),
    # equity lens
    "race_booked": {"White": 0.5, "Black": 0.4, "Other": 0.1},
    "race_diverted": {"White": 0.6, "Black": 0.3, "Other": 0.1},
    "contact_rate": (0.5, 0.25),  # police contacts per participant-month before, after
    "arrest_6m": {"police": 0.40, "community": 0.25},
    "no_prior_social": 0.7,
}


def odds_ratio(before: float, after: float) -> float:
    return (after / (1 - after)) / (before / (1 - before))


def _people(rng: np.random.Generator, n_program: int, n_comparison: int) -> pd.DataFrame:
    n = n_program + n_comparison
    group = np.array(["program"] * n_program + ["comparison"] * n_comparison)
    offsets = rng.integers(400, 1000, size=n)  # index between early 2020 and late 2021
    race_d, race_b = TRUE["race_diverted"], TRUE["race_booked"]
    race = np.where(
        group == "program",
        rng.choice(list(race_d), size=n, p=list(race_d.values())),
        rng.choice(list(race_b), size=n, p=list(race_b.values())),
    )
    door = rng.choice(
        ["arrest", "social_contact", "community", "self"], size=n, p=[0.4, 0.3, 0.2, 0.1]
    )
    return pd.DataFrame(
        {
            "person_id": [f"p{i:05d}" for i in range(n)],
            "group": group,
            "index_date": START + pd.to_timedelta(offsets, unit="D"),
            "followup_end": FOLLOW_UP_END,
            "door": pd.Series(door).where(group == "program"),
            "race": race,
            "sex": rng.choice(["F", "M"], size=n, p=[0.3, 0.7]),
            "birth_year": rng.integers(1960, 2000, size=n),
            "officer_id": pd.Series(rng.choice([f"o{i}" for i in range(40)], size=n)).where(
                group == "program"
            ),
        }
    )


def _poisson_dates(
    rng: np.random.Generator,
    person: str,
    index: pd.Timestamp,
    rates: tuple[float, float],
    days: int,
) -> list[tuple[str, pd.Timestamp]]:
    """Event dates in days -days..-1 at rates[0] and 1..days at rates[1] (per day)."""
    out = []
    for sign, rate in ((-1, rates[0]), (1, rates[1])):
        for offset in rng.integers(1, days + 1, size=rng.poisson(rate * days)):
            out.append((person, index + pd.Timedelta(days=int(sign * offset))))
    return out


def _utilization_events(rng: np.random.Generator, people: pd.DataFrame) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for person, group, index in people[["person_id", "group", "index_date"]].itertuples(
        index=False
    ):
        factor = (1.0, TRUE["booking_rr_program"] if group == "program" else 1.0)
        rate = TRUE["booking_rate"] / 365
        for pid, date in _poisson_dates(rng, person, index, (rate, rate * factor[1]), 365):
            rows.append({"person_id": pid, "date": date, "kind": "booking"})
        stay = TRUE["stay_rate"] / 365
        stay_after = stay * (TRUE["stay_rr_program"] if group == "program" else 1.0)
        # stays start 1..358 days away so they never cross a window edge
        for pid, date in _poisson_dates(rng, person, index, (stay, stay_after), 358):
            date = date - pd.Timedelta(days=TRUE["stay_days"]) if date < index else date
            end = date + pd.Timedelta(days=TRUE["stay_days"] - 1)
            rows.append({"person_id": pid, "date": date, "kind": "jail_stay", "end_date": end})
    return rows


def _equity_events(rng: np.random.Generator, people: pd.DataFrame) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for person, group, index, door in people[
        ["person_id", "group", "index_date", "door"]
    ].itertuples(index=False):
        if group == "comparison":
            rows.append(
                {"person_id": person, "date": index, "kind": "arrest", "eligible_conduct": True}
            )
            continue
        if door == "arrest":
            rows.append(
                {"person_id": person, "date": index, "kind": "arrest", "eligible_conduct": True}
            )
        elif door == "social_contact" and rng.random() > TRUE["no_prior_social"]:
            prior = index - pd.Timedelta(days=int(rng.integers(30, 700)))
            rows.append(
                {"person_id": person, "date": prior, "kind": "arrest", "eligible_conduct": True}
            )
        police = door in ("arrest", "social_contact")
        if rng.random() < TRUE["arrest_6m"]["police" if police else "community"]:
            later = index + pd.Timedelta(days=int(rng.integers(1, 180)))
            rows.append(
                {"person_id": person, "date": later, "kind": "arrest", "eligible_conduct": False}
            )
        rates = tuple(r * 12 / 365 for r in TRUE["contact_rate"])
        for pid, date in _poisson_dates(rng, person, index, rates, 182):
            rows.append({"person_id": pid, "date": date, "kind": "police_contact"})
    return rows


def _status_months(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    program = people.loc[people["group"] == "program"]
    rows = []
    for person, index in program[["person_id", "index_date"]].itertuples(index=False):
        first = index.to_period("M")
        for month in range(-3, 19):
            phase = 0 if month < 0 else 1
            permanent = rng.random() < TRUE["permanent"][phase]
            p_other = (TRUE["sheltered"][phase] - TRUE["permanent"][phase]) / (
                1 - TRUE["permanent"][phase]
            )
            sheltered = permanent or rng.random() < p_other
            housing: object = (
                rng.choice(["410", "permanent", "435"])
                if permanent
                else (
                    rng.choice(["302", "temporary", "205"])
                    if sheltered
                    else rng.choice(["116", "homeless", "101"])
                )
            )
            stages = ["job_search", "training", "part_time", "full_time"]
            employed = rng.random() < TRUE["employment"][phase]
            rows.append(
                {
                    "person_id": person,
                    "month": (first + month).to_timestamp(),
                    "housing": str(housing),
                    "employment": rng.choice(stages)
                    if employed
                    else [None, "none"][int(rng.integers(2))],
                    "income_or_benefits": bool(rng.random() < TRUE["income"][phase]),
                }
            )
    return pd.DataFrame(rows)


def make_data(n_program: int = 600, n_comparison: int = 600, seed: int = 11) -> EvalData:
    rng = np.random.default_rng(seed)
    people = _people(rng, n_program, n_comparison)
    rows = _utilization_events(rng, people) + _equity_events(rng, people)
    events = pd.DataFrame(
        rows, columns=["person_id", "date", "kind", "end_date", "eligible_conduct"]
    )
    events["end_date"] = pd.to_datetime(events["end_date"])
    events["date"] = pd.to_datetime(events["date"])
    costs = pd.DataFrame(
        {
            "item": ["booking", "jail_day", "program_per_person_month"],
            "amount": [TRUE["booking_cost"], TRUE["jail_day_cost"], TRUE["per_month"]],
            "source": ["fake unit-cost sheet"] * 3,
        }
    )
    return EvalData(
        people=people,
        events=events,
        status_months=_status_months(rng, people),
        costs=costs,
        covariates=["sex", "birth_year"],
    )
