"""Fake people and corrupted justice records with known true matches.

Names come from Faker's US name lists with their census frequencies (Smith is about 2%
of surnames), so common names are common and term-frequency adjustment matters. No real
person's data is used. See docs/linkage.md for the corruption model.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from openlead.linkage.names import nickname_table

__all__ = ["Corruption", "SyntheticData", "make_linkage_data", "make_people"]

_DOB_START = np.datetime64("1950-01-01")
_DOB_DAYS = int((np.datetime64("2006-12-31") - _DOB_START).astype(int))


@dataclass(frozen=True)
class Corruption:
    """Per-record error rates in the justice records (documented in docs/linkage.md)."""

    nickname: float = 0.10  # first name -> a nickname of it, when it has one
    first_typo: float = 0.05  # one edit: substitute, delete, insert or transpose
    last_typo: float = 0.05
    swap: float = 0.03  # first and last name exchanged
    hyphen_part: float = 0.5  # a double surname recorded as one of its parts
    hyphen_added: float = 0.01  # a single surname recorded with a second part added
    dob_day_month_swap: float = 0.03  # only when day <= 12 and day != month
    dob_year_off: float = 0.03  # year +/- 1
    dob_placeholder: float = 0.015  # month and day set to 01-01
    dob_other: float = 0.01  # day moved to another day of the same month
    missing_dob: float = 0.02
    missing_first: float = 0.01
    missing_sex: float = 0.05
    sex_error: float = 0.005
    upper_case: float = 0.7  # how many records are in upper case (no error)

    @classmethod
    def none(cls) -> Corruption:
        return cls(**{f.name: 0.0 for f in fields(cls)})


@dataclass
class SyntheticData:
    people: pd.DataFrame  # person_id, first_name, last_name, dob, sex
    records: pd.DataFrame  # record_id, first_name, last_name, dob, sex
    truth: pd.DataFrame  # person_id, record_id for every true pair
    corruption: Corruption = field(default_factory=Corruption)


def _name_lists() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from faker.providers.person.en_US import Provider

    def weighted(table: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        names = np.array([n.lower() for n in table])
        w = np.array(list(table.values()), dtype=float)
        return names, w / w.sum()

    male, male_w = weighted(Provider.first_names_male)
    female, female_w = weighted(Provider.first_names_female)
    last, last_w = weighted(Provider.last_names)
    return male, male_w, female, female_w, last, last_w


def make_people(
    n: int, rng: np.random.Generator, *, hyphenated: float = 0.04, prefix: str = "P"
) -> pd.DataFrame:
    """n fake people with frequency-weighted names, a few double surnames, DOB 1950-2006."""
    male, male_w, female, female_w, last, last_w = _name_lists()
    sex = np.where(rng.random(n) < 0.5, "M", "F")
    first = np.where(sex == "M", rng.choice(male, n, p=male_w), rng.choice(female, n, p=female_w))
    surname = rng.choice(last, n, p=last_w).astype(object)
    double = rng.random(n) < hyphenated
    surname[double] = surname[double] + "-" + rng.choice(last, int(double.sum()), p=last_w)
    dob = _DOB_START + rng.integers(0, _DOB_DAYS, n).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "person_id": pd.array(_ids(prefix, n), dtype="string"),
            "first_name": pd.array(np.char.capitalize(first.astype(str)), dtype="string"),
            "last_name": pd.array(_title(surname.astype(str)), dtype="string"),
            "dob": pd.array(np.datetime_as_string(dob, unit="D"), dtype="string"),
            "sex": pd.array(sex, dtype="string"),
        }
    )


def _ids(prefix: str, n: int) -> np.ndarray:
    if n == 0:
        return np.array([], dtype=str)
    digits = np.char.zfill(np.arange(n).astype(str), len(str(n - 1)))
    return np.char.add(prefix, digits)


def _title(names: np.ndarray) -> np.ndarray:
    return np.array(pd.Series(names).str.title().to_numpy(), dtype=str)


def make_linkage_data(
    n_people: int,
    n_records: int,
    *,
    match_share: float = 0.03,
    corruption: Corruption | None = None,
    seed: int = 0,
) -> SyntheticData:
    """People, and records of which `match_share` are corrupted copies of those people.

    The other records are of different fake people drawn from the same name
    frequencies, so coincidental look-alikes happen as they do in real extracts.
    """
    corruption = corruption or Corruption()
    rng = np.random.default_rng(seed)
    people = make_people(n_people, rng)
    n_true = min(int(round(match_share * n_records)), n_records)
    owners = rng.integers(0, n_people, n_true)
    others = make_people(n_records - n_true, rng, prefix="R")
    base = pd.concat(
        [people.iloc[owners].drop(columns="person_id"), others.drop(columns="person_id")],
        ignore_index=True,
    )
    order = rng.permutation(n_records)
    record_ids = _ids("R", n_records)
    records = base.iloc[order].reset_index(drop=True)
    records.insert(0, "record_id", pd.Series(record_ids, dtype="string"))
    _corrupt(records, corruption, rng)
    is_true = order < n_true
    truth = pd.DataFrame(
        {
            "person_id": people["person_id"].to_numpy()[owners[order[is_true]]],
            "record_id": record_ids[is_true],
        }
    )
    return SyntheticData(people=people, records=records, truth=truth, corruption=corruption)


def _corrupt(records: pd.DataFrame, c: Corruption, rng: np.random.Generator) -> None:
    first = records["first_name"].to_numpy(dtype=object)
    last = records["last_name"].to_numpy(dtype=object)
    n = len(records)
    first = _nicknames(first, rng.random(n) < c.nickname, rng)
    last = _hyphen_errors(last, c, rng)
    first = _typos(first, rng.random(n) < c.first_typo, rng)
    last = _typos(last, rng.random(n) < c.last_typo, rng)
    swap = rng.random(n) < c.swap
    first[swap], last[swap] = last[swap], first[swap].copy()
    first[rng.random(n) < c.missing_first] = None
    upper = rng.random(n) < c.upper_case
    first = _upper(first, upper)
    last = _upper(last, upper)
    records["first_name"] = pd.array(first, dtype="string")
    records["last_name"] = pd.array(last, dtype="string")
    records["dob"] = _dob_errors(records["dob"], c, rng)
    records["sex"] = _sex_errors(records["sex"], c, rng)


def _upper(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = values.copy()
    sel = mask & pd.notna(values)
    out[sel] = pd.Series(values[sel], dtype="string").str.upper().to_numpy(dtype=object)
    return out


def _nicknames(first: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    by_formal: dict[str, list[str]] = {}
    for nick, formal in nickname_table().items():
        by_formal.setdefault(formal, []).append(nick)
    out = first.copy()
    for i in np.flatnonzero(mask):
        options = by_formal.get(str(first[i]).lower())
        if options:
            out[i] = options[int(rng.integers(len(options)))].capitalize()
    return out


def _hyphen_errors(last: np.ndarray, c: Corruption, rng: np.random.Generator) -> np.ndarray:
    out = last.copy()
    s = pd.Series(last, dtype="string")
    double = s.str.contains("-", regex=False).fillna(False).to_numpy(dtype=bool)
    drop = double & (rng.random(len(last)) < c.hyphen_part)
    parts = s[drop].str.split("-", n=1, expand=True)
    if len(parts):
        pick = rng.random(len(parts)) < 0.5
        out[drop] = np.where(pick, parts[0].to_numpy(dtype=object), parts[1].to_numpy(dtype=object))
    add = ~double & (rng.random(len(last)) < c.hyphen_added)
    if add.any():
        _, _, _, _, surnames, weights = _name_lists()
        extra = rng.choice(surnames, int(add.sum()), p=weights)
        out[add] = s[add].to_numpy(dtype=object) + "-" + _title(extra).astype(object)
    return out


def _typos(values: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One random edit per selected name (the loop runs over the few selected rows only)."""
    out = values.copy()
    idx = np.flatnonzero(mask & pd.notna(values))
    kinds = rng.integers(0, 4, len(idx))
    positions = rng.random(len(idx))
    letters = rng.choice(list("abcdefghijklmnopqrstuvwxyz"), len(idx))
    for i, kind, pos, letter in zip(idx, kinds, positions, letters, strict=True):
        out[i] = _edit(str(values[i]), int(kind), float(pos), str(letter))
    return out


def _edit(name: str, kind: int, pos: float, letter: str) -> str:
    if len(name) < 3:
        return name
    # Keep the first letter: clerks rarely get it wrong, and it keeps the edit realistic.
    i = 1 + int(pos * (len(name) - 2))
    if kind == 0:
        return name[:i] + letter + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i + 1 :]
    if kind == 2:
        return name[:i] + letter + name[i:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :] if i + 1 < len(name) else name


def _dob_errors(dob: pd.Series, c: Corruption, rng: np.random.Generator) -> pd.Series:
    n = len(dob)
    year = dob.str.slice(0, 4).astype(int).to_numpy()
    month = dob.str.slice(5, 7).astype(int).to_numpy()
    day = dob.str.slice(8, 10).astype(int).to_numpy()
    u = rng.random(n)
    edges = np.cumsum([c.dob_day_month_swap, c.dob_year_off, c.dob_placeholder, c.dob_other])
    swap = (u < edges[0]) & (day <= 12) & (day != month)
    month, day = np.where(swap, day, month), np.where(swap, month, day)
    off = (u >= edges[0]) & (u < edges[1])
    year = year + np.where(off, rng.choice([-1, 1], n), 0)
    placeholder = (u >= edges[1]) & (u < edges[2])
    month, day = np.where(placeholder, 1, month), np.where(placeholder, 1, day)
    other = (u >= edges[2]) & (u < edges[3])
    day = np.where(other, (day - 1 + rng.integers(1, 27, n)) % 28 + 1, day)
    day = np.where(month == 2, np.minimum(day, 28), day)
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    dates = months.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    text = pd.Series(np.datetime_as_string(dates, unit="D"), dtype="string")
    return text.mask(rng.random(n) < c.missing_dob)


def _sex_errors(sex: pd.Series, c: Corruption, rng: np.random.Generator) -> pd.Series:
    n = len(sex)
    flip = rng.random(n) < c.sex_error
    values = sex.to_numpy(dtype=object)
    values = np.where(flip, np.where(values == "M", "F", "M"), values)
    out = pd.Series(values, dtype="string")
    return out.mask(rng.random(n) < c.missing_sex)
