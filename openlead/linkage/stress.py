"""Stress sets: fake people and records corrupted in ways the default generator does not.

Each set breaks the linker differently (docs/linkage.md, "Stress sets", written before
any tuning): names and birth date corrupted together, aliases only, addresses only,
heavy missingness, and a held-out "clerical" set. Every person has a middle name, a
state id, an address, a phone number and 0-3 aliases; non-matching records are other
fake people, 5% of them members of a person's household (same address, phone and
surname), so that an agreeing address is not proof. Seeded; no real person's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from openlead.linkage.names import nickname_table
from openlead.linkage.stress_errors import CLERICAL, clerical_errors, typo

__all__ = ["STRESS_SETS", "StressData", "make_stress_set"]

Rng = np.random.Generator
Row = dict[str, Any]

_STREETS = (
    "Maple", "Oak", "Pine", "Cedar", "Elm", "Lake", "Hill", "Park", "Washington", "Lincoln",
    "Jefferson", "Madison", "Franklin", "Jackson", "Union", "Main", "Market", "Church",
    "Spring", "River", "Sunset", "Highland", "Forest", "Meadow", "Ridge", "Valley", "Broad",
    "Mill", "Water", "Center", "Walnut", "Chestnut", "Willow", "Birch", "Grant", "Adams",
)  # fmt: skip
# (full suffix, how clerks abbreviate it)
_SUFFIXES = (("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Drive", "Dr"),
             ("Boulevard", "Blvd"), ("Lane", "Ln"), ("Court", "Ct"), ("Place", "Pl"))  # fmt: skip
_DIRECTIONS = (("", ""), ("North", "N"), ("South", "S"), ("East", "E"), ("West", "W"))
_CITIES = ("Seattle", "Tacoma", "Everett", "Renton", "Kent", "Auburn", "Bellevue", "Burien")


@dataclass
class StressData:
    name: str
    people: pd.DataFrame  # person_id and every field
    records: pd.DataFrame  # record_id and the fields this set's records carry
    truth: pd.DataFrame  # person_id, record_id for every true pair


def _faker_names() -> tuple[list[str], np.ndarray, list[str], np.ndarray, list[str], np.ndarray]:
    from faker.providers.person.en_US import Provider

    def weighted(table: dict[str, float]) -> tuple[list[str], np.ndarray]:
        w = np.array(list(table.values()), dtype=float)
        return list(table), w / w.sum()

    male, mw = weighted(Provider.first_names_male)
    female, fw = weighted(Provider.first_names_female)
    last, lw = weighted(Provider.last_names)
    return male, mw, female, fw, last, lw


class _Draw:
    """Frequency-weighted names and the other fields of a fake person."""

    def __init__(self, rng: Rng) -> None:
        self.rng = rng
        self.male, self.mw, self.female, self.fw, self.last, self.lw = _faker_names()
        self.zips = {c: [f"98{i:03d}" for i in rng.choice(900, 3, replace=False)] for c in _CITIES}

        self._pools: dict[str, list[str]] = {}

    def _next(self, kind: str, names: list[str], w: np.ndarray) -> str:
        # Drawn in batches: one weighted choice per name costs ~1 ms.
        pool = self._pools.get(kind)
        if not pool:
            pool = self._pools[kind] = [names[i] for i in self.rng.choice(len(names), 4096, p=w)]
        return pool.pop()

    def first(self, sex: str) -> str:
        if sex == "M":
            return self._next("M", self.male, self.mw)
        return self._next("F", self.female, self.fw)

    def surname(self) -> str:
        name = self._next("L", self.last, self.lw)
        if self.rng.random() < 0.04:
            name += "-" + self._next("L", self.last, self.lw)
        return name

    def dob(self) -> str:
        day = np.datetime64("1950-01-01") + int(self.rng.integers(0, 20_800))
        return str(day)

    def address(self) -> Row:
        rng = self.rng
        city = str(rng.choice(_CITIES))
        return {
            "house_number": str(int(rng.integers(1, 9999))),
            "street": (
                int(rng.integers(len(_DIRECTIONS))),
                int(rng.integers(len(_STREETS))),
                int(rng.integers(len(_SUFFIXES))),
            ),  # fmt: skip
            "city": city,
            "postal_code": str(rng.choice(self.zips[city])),
            "phone": f"{rng.integers(200, 999)}-{rng.integers(200, 999)}-{rng.integers(0, 9999):04d}",
        }

    def person(self, pid: str) -> Row:
        sex = "M" if self.rng.random() < 0.5 else "F"
        first, last = self.first(sex), self.surname()
        row: Row = {"id": pid, "first_name": first, "middle_name": self.first(sex), "last_name": last,
               "dob": self.dob(), "sex": sex, "state_id": f"WA-FAKE-{self.rng.integers(10**8):08d}"}  # fmt: skip
        row |= self.address()
        row["aliases"] = self.aliases(first, last, sex)
        return row

    def aliases(self, first: str, last: str, sex: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for _ in range(int(self.rng.integers(0, 4))):
            kind = int(self.rng.integers(3))
            if kind == 0:  # a street name: another first name, the same surname
                out.append((self.first(sex), last))
            elif kind == 1:  # an earlier surname
                out.append((first, self.surname()))
            else:
                out.append((self.first(sex), self.surname()))
        return out


def _street_text(street: tuple[int, int, int], abbreviate: bool) -> str:
    d, s, x = street
    direction = _DIRECTIONS[d][1 if abbreviate else 0]
    suffix = _SUFFIXES[x][1 if abbreviate else 0]
    return " ".join(p for p in (direction, _STREETS[s], suffix) if p)


def _nickname(first: str, rng: Rng) -> str | None:
    options = [n for n, f in nickname_table().items() if f == first.lower()]
    return options[int(rng.integers(len(options)))].capitalize() if options else None


def _pick(rng: Rng, weights: tuple[float, ...]) -> int:
    return int(rng.choice(len(weights), p=np.array(weights) / sum(weights)))


def _dob_shift(dob: str, rng: Rng, kind: str) -> str | None:
    y, m, d = (int(p) for p in dob.split("-"))
    if kind == "year":
        y += 1 if rng.random() < 0.5 else -1
    elif kind == "swap" and d <= 12 and d != m:
        m, d = d, m
    elif kind in ("swap", "day"):
        d = (d - 1 + int(rng.integers(1, 27))) % 28 + 1
    elif kind == "placeholder":
        m, d = 1, 1
    elif kind == "missing":
        return None
    elif kind == "other":
        return str(
            np.datetime64(dob) + int(rng.integers(40, 4000)) * (1 if rng.random() < 0.5 else -1)
        )
    return f"{y:04d}-{m:02d}-{min(d, 28) if m == 2 else d:02d}"


def _names_and_dob(rec: Row, rng: Rng, draw: _Draw) -> None:
    kind = _pick(rng, (0.5, 0.25, 0.25))
    first = rec["first_name"]
    if kind == 1:
        first = _nickname(first, rng) or typo(first, rng)
    rec["first_name"] = typo(first, rng) if kind != 1 else first
    if kind == 2:
        rec["first_name"] = typo(rec["first_name"], rng)
    kind = _pick(rng, (0.6, 0.2, 0.2))
    last = rec["last_name"]
    rec["last_name"] = draw.surname() if kind == 2 else typo(last, rng)
    if kind == 1:
        rec["last_name"] = typo(rec["last_name"], rng)
    shift = ("year", "swap", "other", "placeholder", "missing")[
        _pick(rng, (0.3, 0.2, 0.2, 0.15, 0.15))
    ]
    rec["dob"] = _dob_shift(rec["dob"], rng, shift)
    _id_or_address(rec, rng)


def _id_or_address(rec: Row, rng: Rng) -> None:
    """60% keep the state id and carry no address; the rest carry address and phone only."""
    if rng.random() < 0.6:
        rec.update(house_number=None, street=None, city=None, postal_code=None, phone=None)
    else:
        rec["state_id"] = None


def _aliases_only(rec: Row, rng: Rng, draw: _Draw, person: Row) -> None:
    aliases = person["aliases"]
    first, last = aliases[int(rng.integers(len(aliases)))]
    rec["first_name"], rec["last_name"] = first, last
    own = [a for a in aliases if a != (first, last)]
    rec["aliases"] = own[: int(rng.integers(0, 3))]
    _light_dob(rec, rng)


def _light_dob(rec: Row, rng: Rng) -> None:
    """The default generator's date errors: swap 3%, year 3%, 01-01 1.5%, day 1%, missing 2%."""
    kinds = ("swap", "year", "placeholder", "day", "missing", "none")
    kind = kinds[_pick(rng, (0.03, 0.03, 0.015, 0.01, 0.02, 0.895))]
    if kind != "none":
        rec["dob"] = _dob_shift(rec["dob"], rng, kind)
    if rng.random() < 0.05:
        rec["sex"] = None


def _address_only(rec: Row, rng: Rng, draw: _Draw) -> None:
    first = rec["first_name"]
    rec["first_name"] = (
        (_nickname(first, rng) or typo(first, rng)) if rng.random() < 0.5 else typo(first, rng)
    )
    last = rec["last_name"]
    if rng.random() < 0.5:
        rec["last_name"] = typo(last, rng)
    elif "-" in last:
        rec["last_name"] = last.split("-")[int(rng.integers(2))]
    rec["dob"] = None if rng.random() < 0.5 else _dob_shift(rec["dob"], rng, "other")
    rec["state_id"] = None
    if rng.random() < 0.3:
        rec["phone"] = None
    rec["abbreviate"] = rng.random() < 0.5
    rec["unit"] = rng.random() < 0.5
    if rng.random() < 0.3:
        rec["postal_code"] = f"{rec['postal_code']}-{rng.integers(0, 9999):04d}"


def _heavy_missing(rec: Row, rng: Rng, _draw: _Draw) -> None:
    keep = ("first_name", "last_name", "dob", "state_id", "street")
    for _ in range(100):
        gone = {f: rng.random() < (0.1 if f == "last_name" else 0.4) for f in keep}
        if sum(not g for g in gone.values()) >= 2:
            break
    for f in ("sex", "middle_name", "phone"):
        gone[f] = rng.random() < 0.4
    for f, is_gone in gone.items():
        if is_gone:
            for col in ("house_number", "street", "city", "postal_code") if f == "street" else (f,):
                rec[col] = None
    if rec["first_name"] and rng.random() < 0.05:
        rec["first_name"] = typo(rec["first_name"], rng)
    if rec["last_name"] and rng.random() < 0.05:
        rec["last_name"] = typo(rec["last_name"], rng)
    if rec["dob"]:
        _light_dob(rec, rng)


def _clerical(rec: Row, rng: Rng, _draw: _Draw) -> None:
    clerical_errors(rec, rng, 2)


# set name -> (corrupt one true record, fields its records carry besides the names)
_Corrupt = Callable[..., None]
_ADDRESS = ("house_number", "street", "city", "postal_code")
STRESS_SETS: dict[str, tuple[_Corrupt, tuple[str, ...]]] = {
    "names_and_dob": (_names_and_dob, ("dob", "sex", "state_id", *_ADDRESS, "phone")),
    "aliases_only": (_aliases_only, ("dob", "sex", "aliases")),
    "address_only": (_address_only, ("dob", "sex", *_ADDRESS, "phone")),
    "heavy_missing": (
        _heavy_missing,
        ("middle_name", "dob", "sex", "state_id", *_ADDRESS, "phone"),
    ),
    CLERICAL: (_clerical, ("dob", "sex")),
}


def make_stress_set(
    name: str, n_people: int = 1_000, n_records: int = 10_000, *, true_share: float = 0.15,
    seed: int = 0,
) -> StressData:  # fmt: skip
    """People and records for one stress set (see STRESS_SETS and docs/linkage.md)."""
    corrupt, carried = STRESS_SETS[name]
    rng = np.random.default_rng(seed)
    draw = _Draw(rng)
    people = [draw.person(f"P{i:05d}") for i in range(n_people)]
    n_true = int(round(true_share * n_records))
    # A record under an alias needs a person who has one.
    owners = [p for p in people if p["aliases"]] if name == "aliases_only" else people
    rows, truth = [], []
    for i in range(n_records):
        rid = f"R{i:06d}"
        if i < n_true:
            owner = owners[int(rng.integers(len(owners)))]
            rec = dict(owner, id=rid)
            _apply(corrupt, rec, rng, draw, owner)
            truth.append((owner["id"], rid))
        else:
            rec = draw.person(rid)
            if rng.random() < 0.05:  # another member of a person's household
                _household(rec, people[int(rng.integers(n_people))])
            if name == "names_and_dob":
                _id_or_address(rec, rng)
        rows.append(rec)
    order = rng.permutation(n_records)
    records = _frame([rows[i] for i in order], "record_id", carried)
    return StressData(
        name=name,
        people=_frame(
            people,
            "person_id",
            (*carried, "middle_name", "state_id", *_ADDRESS, "phone", "aliases"),
        ),
        records=records,
        truth=pd.DataFrame(truth, columns=["person_id", "record_id"]),
    )


def _apply(corrupt: _Corrupt, rec: Row, rng: Rng, draw: _Draw, owner: Row) -> None:
    if corrupt is _aliases_only:
        corrupt(rec, rng, draw, owner)
    else:
        corrupt(rec, rng, draw)


def _household(rec: Row, member: Row) -> None:
    for col in (*_ADDRESS, "phone", "last_name"):
        rec[col] = member[col]


def _frame(rows: list[Row], id_name: str, carried: tuple[str, ...]) -> pd.DataFrame:
    columns = ["first_name", "last_name", *dict.fromkeys(carried)]
    out: dict[str, list[Any]] = {id_name: [r["id"] for r in rows]}
    for col in columns:
        out[col] = [_text(r, col) for r in rows]
    return pd.DataFrame(out, dtype="string" if "aliases" not in carried else object)


def _text(row: Row, col: str) -> Any:
    value = row.get(col)
    if col == "street" and value is not None:
        text = _street_text(value, bool(row.get("abbreviate")))
        return f"{text} Apt {len(text)}B" if row.get("unit") else text
    if col == "aliases":
        return "; ".join(f"{f} {last}" for f, last in value) if value else None
    return value
