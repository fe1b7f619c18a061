"""A LEAD-like data simulator with known true effects and confounding.

Age, race and prior arrests drive both referral to the program and later arrests, so a
naive comparison is biased (program members have more prior arrests and so look worse).
The estimators are checked against the truths written beside the data in truth.json.

Arrests come from one of two data-generating processes, because no single process makes
both the 6-month odds ratio and the hazard ratio exact (a proportional-hazards model
implies a complementary log-log, not a logit, model for any fixed window):

- `hazard` (default): arrests are a Poisson process. Before the index date the yearly
  rate is exp(l0 + x'g_pre); after it, exp(l0 + a1 + x'g_post + b * program). The time to
  the first re-arrest then follows a proportional-hazards model with hazard ratio exp(b)
  given the covariates, and window counts a log-linear model with rate ratio exp(b).
- `logistic`: whether a person has any arrest in the 6-month pre and post windows is
  Bernoulli with logit a0 + x'g_pre (pre) or a0 + a1 + x'g_post + t * program (post); the
  conditional odds ratio exp(t) is the group x post interaction of the recidivism GEE
  with covariates and covariate x post terms.

x holds age at index (index year - birth_year), race, ethnicity, sex and prior_arrests
(arrests before index_date - 6 months), exactly the covariates the engine derives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = ["SimulationConfig", "simulate", "write_simulation"]

Mode = Literal["hazard", "logistic"]
DATA_START = np.datetime64("2008-01-01")
INDEX_FIRST = np.datetime64("2011-10-01")
INDEX_LAST = np.datetime64("2014-12-31")
STUDY_END = np.datetime64("2016-12-31")
RACES = np.array(["Asian", "Black", "Native American", "Other", "White"])
RACE_P = np.array([0.06, 0.38, 0.08, 0.08, 0.40])
YEAR = 365.25


@dataclass(frozen=True)
class SimulationConfig:
    """Parameters on the log (hazard, rate) or logit scale; effects are the truths."""

    people: int = 2000
    seed: int = 20111001
    mode: Mode = "hazard"
    log_hazard_ratio: float = float(np.log(0.6))  # b: program effect on the arrest rate
    log_odds_ratio: float = float(np.log(0.4))  # t: 60% lower odds (Collins et al. 2017)
    baseline_log_rate: float = float(np.log(0.8))  # l0: arrests per year
    post_shift: float = -0.2  # a1: everyone is arrested less after an arrest-driven index
    logit_intercept: float = -1.2  # a0
    prior_pre: float = 0.10  # prior arrests predict the pre window...
    prior_post: float = 0.22  # ...and the post window more (time-varying confounding)
    age_effect: float = -0.25  # per 10 years of age
    black_effect: float = 0.20
    male_effect: float = 0.20
    police_contacts_per_year: float = 9.0
    early_exit_share: float = 0.10  # people whose follow-up ends before the study end


def simulate(config: SimulationConfig) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The four tables (people, events, status_months, costs) and the truth."""
    rng = np.random.default_rng(config.seed)
    people = _people(config, rng)
    arrests = _arrests(config, people, rng)
    events = _follow_on_events(arrests, people, config, rng)
    status = _status_months(people, rng)
    tables = {
        "people": _people_table(people, rng),
        "events": events,
        "status_months": status,
        "costs": _costs(),
    }
    return tables, _truth(config, people)


# --- people ------------------------------------------------------------------------------


def _people(config: SimulationConfig, rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = config.people
    span = int((INDEX_LAST - INDEX_FIRST).astype(int))
    index = INDEX_FIRST + rng.integers(0, span + 1, n).astype("timedelta64[D]")
    age = np.clip(np.round(rng.normal(38, 11, n)), 18, 75)
    birth_year = index.astype("datetime64[Y]").astype(int) + 1970 - age
    race = rng.choice(RACES, n, p=RACE_P)
    male = rng.random(n) < 0.7
    hispanic = rng.random(n) < 0.1
    pre_start = _months_before(index, 6)
    history_years = (pre_start - DATA_START).astype(int) / YEAR
    black = (race == "Black").astype(float)
    age_z = (age - 38) / 10
    prior = rng.poisson(np.exp(np.log(0.45) + 0.3 * black - 0.2 * age_z) * history_years)
    logit = -1.3 + 0.28 * prior + 0.35 * black - 0.3 * age_z
    program = rng.random(n) < _expit(logit)
    end = np.full(n, STUDY_END)
    early = rng.random(n) < config.early_exit_share
    room = (STUDY_END - index).astype(int)
    end[early] = index[early] + (rng.random(early.sum()) * room[early]).astype("timedelta64[D]")
    x_lin = config.age_effect * age_z + config.black_effect * black + config.male_effect * male
    return {
        "n": np.array(n),
        "index": index,
        "pre_start": pre_start,
        "end": end,
        "age": age,
        "birth_year": birth_year,
        "race": race,
        "male": male,
        "hispanic": hispanic,
        "prior": prior,
        "program": program,
        "x_lin": x_lin,
    }


def _months_before(dates: np.ndarray, months: int) -> np.ndarray:
    shifted = pd.DatetimeIndex(dates.astype("datetime64[ns]")) - pd.DateOffset(months=months)
    return shifted.to_numpy().astype("datetime64[D]")


def _months_after(dates: np.ndarray, months: int) -> np.ndarray:
    shifted = pd.DatetimeIndex(dates.astype("datetime64[ns]")) + pd.DateOffset(months=months)
    return shifted.to_numpy().astype("datetime64[D]")


def _expit(x: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-x)))


# --- arrests --------------------------------------------------------------------------------


def _uniform_dates(
    rng: np.random.Generator, counts: np.ndarray, start: np.ndarray, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`counts[i]` dates uniform on [start[i], start[i] + days[i]) for each person i."""
    who = np.repeat(np.arange(len(counts)), counts)
    offset = np.floor(rng.random(len(who)) * days[who]).astype("timedelta64[D]")
    return who, start[who] + offset


def _arrests(
    config: SimulationConfig, p: dict[str, np.ndarray], rng: np.random.Generator
) -> pd.DataFrame:
    n = int(p["n"])
    prior, index, pre_start, end = p["prior"], p["index"], p["pre_start"], p["end"]
    parts = [
        _uniform_dates(rng, prior, np.full(n, DATA_START), (pre_start - DATA_START).astype(int))
    ]
    # The index arrest of every comparison member and of arrest-door participants.
    parts.append((np.arange(n), index))
    pre_lin = config.baseline_log_rate + p["x_lin"] + config.prior_pre * prior
    post_lin = (
        config.baseline_log_rate
        + config.post_shift
        + p["x_lin"]
        + config.prior_post * prior
        + config.log_hazard_ratio * p["program"]
    )
    pre_days = (index - pre_start).astype(int)
    if config.mode == "hazard":
        parts.append(_poisson_dates(rng, np.exp(pre_lin), pre_start, pre_days))
        parts.append(_poisson_dates(rng, np.exp(post_lin), index + 1, (end - index).astype(int)))
    else:
        parts.extend(_logistic_windows(config, p, rng, pre_days))
        post_end = np.minimum(_months_after(index, 6), end)
        parts.append(
            _poisson_dates(rng, np.exp(post_lin), post_end + 1, (end - post_end).astype(int))
        )
    who = np.concatenate([w for w, _ in parts])
    dates = np.concatenate([d for _, d in parts])
    return pd.DataFrame({"who": who, "date": dates}).sort_values(["who", "date"], ignore_index=True)


def _poisson_dates(
    rng: np.random.Generator, per_year: np.ndarray, start: np.ndarray, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    days = np.maximum(days, 0)
    counts = rng.poisson(per_year * days / YEAR)
    return _uniform_dates(rng, counts, start, days)


def _logistic_windows(
    config: SimulationConfig,
    p: dict[str, np.ndarray],
    rng: np.random.Generator,
    pre_days: np.ndarray,
) -> list[tuple[np.ndarray, np.ndarray]]:
    index, end = p["index"], p["end"]
    base = config.logit_intercept + p["x_lin"]
    pre_any = rng.random(len(index)) < _expit(base + config.prior_pre * p["prior"])
    post_logit = (
        base
        + config.post_shift
        + config.prior_post * p["prior"]
        + config.log_odds_ratio * p["program"]
    )
    post_any = rng.random(len(index)) < _expit(post_logit)
    post_days = np.minimum((_months_after(index, 6) - index).astype(int), (end - index).astype(int))
    extra_pre = rng.poisson(0.4, len(index))
    extra_post = rng.poisson(0.4, len(index))
    return [
        _uniform_dates(rng, pre_any * (1 + extra_pre), p["pre_start"], pre_days),
        _uniform_dates(rng, post_any * (1 + extra_post), index + 1, np.maximum(post_days, 1)),
    ]


# --- other events ---------------------------------------------------------------------------


def _follow_on_events(
    arrests: pd.DataFrame,
    p: dict[str, np.ndarray],
    config: SimulationConfig,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Charges, bookings, jail stays and prison admissions follow arrests; contacts are apart."""
    who, date = arrests["who"].to_numpy(), arrests["date"].to_numpy().astype("datetime64[D]")
    m = len(who)
    diverted = p["program"][who] & (date >= p["index"][who])
    felony = rng.random(m) < 0.3
    booked = rng.random(m) < np.where(diverted, 0.45, 0.8)
    jailed = booked & (rng.random(m) < 0.7)
    stay = rng.geometric(1 / np.where(diverted, 6, 12), m).astype("timedelta64[D]")
    prison = felony & (rng.random(m) < np.where(diverted, 0.02, 0.08))
    frames = [
        _events(
            who, date, "arrest", warrant=rng.random(m) < 0.2, eligible_conduct=rng.random(m) < 0.6
        ),
        _events(who, date, "charge", severity=np.where(felony, "felony", "misdemeanor")),
        _events(who[booked], date[booked], "booking"),
        _events(who[jailed], date[jailed], "jail_stay", end_date=(date + stay)[jailed]),
        _events(who[prison], date[prison], "prison_admission"),
        _contacts(p, config, rng),
    ]
    events = pd.concat(frames, ignore_index=True)
    events = events.loc[events["date"].to_numpy() <= p["end"][events["who"].to_numpy()]]
    for column in ("warrant", "eligible_conduct"):
        events[column] = events[column].astype("boolean")
    events.insert(0, "person_id", _ids(np.arange(int(p["n"])))[events["who"].to_numpy()])
    return events.drop(columns="who").reset_index(drop=True)


def _events(who: np.ndarray, date: np.ndarray, kind: str, **columns: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame({"who": who, "date": date.astype("datetime64[s]")})
    frame["kind"] = pd.Categorical([kind] * len(who), categories=KINDS)
    for name, values in columns.items():
        frame[name] = values
    return frame


KINDS = ["arrest", "charge", "booking", "jail_stay", "prison_admission", "police_contact"]


def _contacts(
    p: dict[str, np.ndarray], config: SimulationConfig, rng: np.random.Generator
) -> pd.DataFrame:
    n = int(p["n"])
    days = (p["end"] - DATA_START).astype(int)
    rate = np.full(n, config.police_contacts_per_year)
    who, date = _poisson_dates(rng, rate, np.full(n, DATA_START), days)
    return _events(who, date, "police_contact")


def _ids(who: np.ndarray) -> np.ndarray:
    return np.array([f"P{k:07d}" for k in who], dtype=object)


# --- output tables ---------------------------------------------------------------------------


def _people_table(p: dict[str, np.ndarray], rng: np.random.Generator) -> pd.DataFrame:
    n = int(p["n"])
    program = p["program"]
    year_share = (p["index"].astype("datetime64[Y]").astype(int) - 41) / 4  # door mix drifts
    u = rng.random(n)
    door = np.where(
        u < 0.65 - 0.25 * year_share, "arrest", np.where(u < 0.9, "social_contact", "community")
    )
    officers = np.array([f"OFC-{k:03d}" for k in range(1, 121)])
    weights = 1 / np.arange(1, 121) ** 0.9
    officer = rng.choice(officers, n, p=weights / weights.sum())
    by_police = program & (door != "community")
    followup = p["end"].astype("datetime64[D]")
    return pd.DataFrame(
        {
            "person_id": _ids(np.arange(n)),
            "group": np.where(program, "program", "comparison"),
            "index_date": p["index"].astype("datetime64[s]"),
            "followup_end": pd.Series(followup.astype("datetime64[s]")).where(followup < STUDY_END),
            "door": pd.Series(door).where(program),
            "program": pd.Series(np.full(n, "LEAD")).where(program),
            "race": p["race"],
            "ethnicity": np.where(p["hispanic"], "Hispanic", "Not Hispanic"),
            "sex": np.where(p["male"], "male", "female"),
            "birth_year": p["birth_year"].astype(int),
            "officer_id": pd.Series(officer).where(by_police),
        }
    )


# HMIS living-situation codes (data standard 3.12): 116 unsheltered, 101 emergency shelter,
# 302 transitional housing, 410 rental without subsidy. "Sheltered" is any class 2xx-4xx
# and "permanent housing" class 4xx, as the within-subject design reads them.
HOUSING_CODES = np.array([116, 101, 302, 410])
HOUSING_BEFORE = np.array([0.55, 0.15, 0.20, 0.10])
STAGES = np.array(["not_engaged", "exploring", "training", "employed"])
WITHIN_OR = {
    "sheltered": 2.1,
    "permanent_housing": 1.89,
    "employment_continuum": 1.46,
    "income_or_benefits": 1.33,
}  # Collins et al. 2019 headline results
EMPLOYMENT_BEFORE, INCOME_BEFORE = 0.25, 0.40
STATUS_OFFSETS = np.array([-1, *range(1, 19)])  # the month before referral, then 18 after


def _status_months(p: dict[str, np.ndarray], rng: np.random.Generator) -> pd.DataFrame:
    n = int(p["n"])
    who = np.repeat(np.arange(n), len(STATUS_OFFSETS))
    offset = np.tile(STATUS_OFFSETS, n)
    month0 = p["index"].astype("datetime64[M]")[who]
    after = (offset > 0) & p["program"][who]
    housing = _housing(rng, after)
    employed = rng.random(len(who)) < _shift(
        EMPLOYMENT_BEFORE, WITHIN_OR["employment_continuum"], after
    )
    stage = np.where(employed, rng.choice(STAGES[1:], len(who)), STAGES[0])
    income = rng.random(len(who)) < _shift(INCOME_BEFORE, WITHIN_OR["income_or_benefits"], after)
    return pd.DataFrame(
        {
            "person_id": _ids(np.arange(n))[who],
            "month": (month0 + offset.astype("timedelta64[M]"))
            .astype("datetime64[D]")
            .astype("datetime64[s]"),
            "housing": housing,
            "employment": stage,
            "income_or_benefits": income,
        }
    )


def _shift(p0: float, odds_ratio: float, after: np.ndarray) -> np.ndarray:
    odds = p0 / (1 - p0) * odds_ratio
    return np.where(after, odds / (1 + odds), p0)


def _housing(rng: np.random.Generator, after: np.ndarray) -> np.ndarray:
    yes = np.array([True])
    sheltered = _shift(HOUSING_BEFORE[2:].sum(), WITHIN_OR["sheltered"], yes)[0]
    permanent = _shift(HOUSING_BEFORE[3], WITHIN_OR["permanent_housing"], yes)[0]
    homeless = 1 - sheltered
    street = HOUSING_BEFORE[0] / HOUSING_BEFORE[:2].sum()
    after_p = np.array(
        [homeless * street, homeless * (1 - street), sheltered - permanent, permanent]
    )
    u = rng.random(len(after))
    before_pick = np.searchsorted(np.cumsum(HOUSING_BEFORE), u, side="right")
    after_pick = np.searchsorted(np.cumsum(after_p), u, side="right")
    pick = np.minimum(np.where(after, after_pick, before_pick), 3)
    return HOUSING_CODES[pick]


def _costs() -> pd.DataFrame:
    source = "openlead simulator: illustrative unit costs, not from any jurisdiction"
    items = {
        "jail_day": 150.0,
        "booking": 250.0,
        "prison_day": 110.0,
        "prison_admission": 2500.0,
        "prosecution_per_case": 1200.0,
        "defense_per_case": 900.0,
        "program_per_person_month": 899.0,
    }
    return pd.DataFrame({"item": list(items), "amount": list(items.values()), "source": source})


def _truth(config: SimulationConfig, p: dict[str, np.ndarray]) -> dict[str, Any]:
    hazard = config.mode == "hazard"
    covariates = "age, race, ethnicity, sex, prior_arrests"
    return {
        "mode": config.mode,
        "seed": config.seed,
        "people": config.people,
        "program_share": float(np.mean(p["program"])),
        "hazard_ratio_first_rearrest": float(np.exp(config.log_hazard_ratio)) if hazard else None,
        "rate_ratio_arrests": float(np.exp(config.log_hazard_ratio)) if hazard else None,
        "odds_ratio_any_arrest_6m": None if hazard else float(np.exp(config.log_odds_ratio)),
        "within_subject_odds_ratios": WITHIN_OR,
        "estimands": {
            "hazard_ratio_first_rearrest": (
                "Cox model for days from index_date to the first arrest after it, program vs "
                f"comparison, conditional on {covariates} (exact in mode 'hazard')"
            ),
            "rate_ratio_arrests": (
                "group x post interaction of a log-linear count model of arrests in the pre "
                f"and post windows, with {covariates} and their interactions with post "
                "(exact in mode 'hazard', for the 6-month and the long window)"
            ),
            "odds_ratio_any_arrest_6m": (
                "group x post interaction of the logistic model for any arrest in the 6 "
                f"months before and after index_date, with {covariates} and their "
                "interactions with post (exact in mode 'logistic')"
            ),
            "within_subject_odds_ratios": (
                "program members, each month 1-18 after the index month against the month "
                "before; identical for every person, so marginal and conditional odds ratios "
                "agree. sheltered = housing class 2xx-4xx (302 or 410 here), permanent_housing = "
                "class 4xx (410), "
                "employment_continuum = employment other than not_engaged"
            ),
        },
        "confounding": (
            "referral logit -1.3 + 0.28 prior_arrests + 0.35 Black - 0.3 (age-38)/10; prior "
            "arrests raise the post-window rate more than the pre-window rate, so a naive "
            "difference-in-differences overstates arrests among program members"
        ),
    }


def write_simulation(
    config: SimulationConfig, out: Path, file_format: Literal["csv", "parquet"] | None = None
) -> dict[str, Path]:
    """Writes the tables and truth.json; Parquet by default above 20,000 people."""
    fmt = file_format or ("parquet" if config.people > 20_000 else "csv")
    tables, truth = simulate(config)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, frame in tables.items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv" or name == "costs":
            path = out / f"{name}.csv"
            _to_csv(frame, path)
        else:
            frame.to_parquet(path, index=False)
        paths[name] = path
    (out / "truth.json").write_text(json.dumps(truth, indent=2) + "\n")
    paths["truth"] = out / "truth.json"
    return paths


def _to_csv(frame: pd.DataFrame, path: Path) -> None:
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    frame.to_csv(path, index=False)
