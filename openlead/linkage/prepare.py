"""Turn an input table into the standard columns the linkage model compares.

Bad values (an unparseable date of birth, an unknown sex code) are kept as missing and
reported, never dropped: a record with a bad date can still link on name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from openlead.linkage.fields import add_extra_fields
from openlead.linkage.names import canonical_first_name, normalise_names, soundex

__all__ = ["OPTIONAL_IDENTIFIERS", "BadValue", "Columns", "prepare"]

# Exact-match identifiers used only when both inputs carry them.
OPTIONAL_IDENTIFIERS = ("state_id", "booking_number")

_SEX_CODES = {"m": "m", "male": "m", "man": "m", "f": "f", "female": "f", "woman": "f"}
# Codes that honestly say "not recorded": missing, but not a data-entry problem.
_SEX_UNKNOWN = {"u", "unknown", "x", "", "nan", "none", "<na>"}
_EARLIEST_DOB = pd.Timestamp("1900-01-01")


@dataclass(frozen=True)
class Columns:
    """Where each compared field lives in an input table (None: not present)."""

    first_name: str = "first_name"
    last_name: str = "last_name"
    dob: str = "dob"
    sex: str | None = "sex"
    state_id: str | None = "state_id"
    booking_number: str | None = "booking_number"
    # Optional extra fields (openlead.linkage.fields), each used when both sides carry it.
    middle_name: str | None = "middle_name"
    house_number: str | None = "house_number"
    street: str | None = "street"
    city: str | None = "city"
    postal_code: str | None = "postal_code"
    phone: str | None = "phone"
    aliases: str | None = "aliases"

    def extras(self) -> dict[str, str | None]:
        names = ("middle_name", "house_number", "street", "city", "postal_code", "phone")
        return {n: getattr(self, n) for n in (*names, "aliases")}

    def required(self) -> dict[str, str]:
        return {"first_name": self.first_name, "last_name": self.last_name, "dob": self.dob}

    def optional(self) -> dict[str, str]:
        pairs = {"sex": self.sex, "state_id": self.state_id, "booking_number": self.booking_number}
        return {k: v for k, v in pairs.items() if v is not None}


@dataclass(frozen=True)
class BadValue:
    """One input value that could not be used; the record is kept with it missing."""

    row: int  # 1-based data row (header not counted)
    column: str
    value: str
    reason: str


def prepare(
    df: pd.DataFrame, id_column: str, columns: Columns
) -> tuple[pd.DataFrame, list[BadValue]]:
    """Standard columns for Splink plus the list of values that were set to missing."""
    missing = [c for c in [id_column, *columns.required().values()] if c not in df.columns]
    if missing:
        raise KeyError(missing[0])
    bad: list[BadValue] = []
    out = pd.DataFrame(index=df.index)
    out["unique_id"] = df[id_column].astype("string")
    _add_names(out, df[columns.first_name], df[columns.last_name])
    _add_dob(out, df[columns.dob], columns.dob, bad)
    sex_col = columns.sex if columns.sex in df.columns else None
    out["sex"] = _sex(df[sex_col], sex_col, bad) if sex_col else pd.NA
    out["sex"] = out["sex"].astype("string")
    for key, col in columns.optional().items():
        if key in OPTIONAL_IDENTIFIERS and col in df.columns:
            ids = df[col].astype("string").str.strip().str.upper()
            out[key] = ids.mask(ids == "")
    add_extra_fields(out, df, columns.extras())
    return out.reset_index(drop=True), bad


def _add_names(out: pd.DataFrame, first: pd.Series, last: pd.Series) -> None:
    # Work on distinct spellings (a million records hold a few tens of thousands) and
    # spread the results back with Arrow's take, which is far cheaper than pandas maps.
    codes, uniques = _factorize(first)
    names = normalise_names(uniques)
    out["first_name"] = _take(names, codes)
    canon = names.map(lambda n: n if pd.isna(n) else canonical_first_name(str(n)))
    out["first_name_canon"] = _take(canon, codes)
    codes, uniques = _factorize(last)
    last_names = normalise_names(uniques)
    out["last_name"] = _take(last_names, codes)
    # First and last part of a double surname (Garcia-Lopez, de la Cruz).
    part_1 = last_names.str.extract(r"^([^- ]+)", expand=False)
    part_2 = last_names.str.extract(r"[- ]([^- ]+)$", expand=False)
    out["last_name_1"] = _take(part_1, codes)
    out["last_name_2"] = _take(part_2, codes)
    codes_1 = part_1.map(lambda n: n if pd.isna(n) else soundex(str(n)))
    out["last_soundex"] = _take(codes_1, codes)
    out["last_dm"] = _take(part_1.map(_double_metaphone), codes)
    codes, uniques = _factorize(out["first_name"])
    out["first_dm"] = _take(uniques.map(_double_metaphone), codes)


def _double_metaphone(name: object) -> object:
    """The primary Double Metaphone code (doublemetaphone, the C++ original's wrapper)."""
    from doublemetaphone import doublemetaphone

    if name is None or name is pd.NA or (isinstance(name, float) and name != name):
        return pd.NA
    code = doublemetaphone(str(name))[0]
    return code or pd.NA


def _factorize(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    return codes, pd.Series(uniques, dtype="string")


def _take(table: pd.Series, codes: np.ndarray) -> pd.Series:
    """table[codes] as an Arrow-backed string column; code -1 gives missing."""
    import pyarrow as pa

    values = pa.array(table.astype(object).where(table.notna(), None).tolist(), type=pa.string())
    idx = pa.array(codes, mask=codes < 0, type=pa.int64())
    return pd.Series(pd.arrays.ArrowStringArray(values.take(idx)))


def _add_dob(out: pd.DataFrame, raw: pd.Series, column: str, bad: list[BadValue]) -> None:
    parsed = _parse_dates(raw)
    present = raw.notna() & (raw.astype("string").str.strip() != "")
    latest = pd.Timestamp(dt.date.today())
    out_of_range = (parsed < _EARLIEST_DOB) | (parsed > latest)
    parsed = parsed.mask(out_of_range)
    for pos in (present & parsed.isna()).to_numpy().nonzero()[0]:
        bad.append(
            BadValue(
                int(pos) + 1,
                column,
                str(raw.iloc[pos]),
                "not an ISO date (YYYY-MM-DD) in 1900..today",
            )
        )
    codes, uniques = pd.factorize(parsed, use_na_sentinel=True)
    iso = pd.Series(pd.DatetimeIndex(uniques).strftime("%Y-%m-%d"), dtype="string")
    out["dob"] = _take(iso, codes)
    out["dob_year"] = _take(iso.str.slice(0, 4), codes)
    out["dob_month"] = _take(iso.str.slice(5, 7), codes)
    out["dob_day"] = _take(iso.str.slice(8, 10), codes)


def _parse_dates(raw: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(raw):
        return pd.Series(pd.to_datetime(raw).dt.tz_localize(None).dt.normalize().to_numpy())
    codes, uniques = pd.factorize(raw.astype("string"), use_na_sentinel=True)
    text = pd.Series(uniques, dtype="string").str.strip()
    # ISO only: 2001-02-03, optionally followed by a time we ignore.
    iso = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?").fillna(False).to_numpy(dtype=bool)
    parsed = pd.to_datetime(text.str.slice(0, 10).where(iso), format="%Y-%m-%d", errors="coerce")
    values = np.append(parsed.to_numpy(), np.datetime64("NaT"))
    return pd.Series(values[np.where(codes < 0, len(values) - 1, codes)])


def _sex(raw: pd.Series, column: str, bad: list[BadValue]) -> pd.Series:
    codes, uniques = _factorize(raw)
    text = uniques.str.strip().str.lower()
    coded = pd.Series([_SEX_CODES.get(str(t)) for t in text], dtype="string")
    unknown = text.isin(list(_SEX_UNKNOWN)).to_numpy(dtype=bool)
    bad_codes = np.flatnonzero(coded.isna().to_numpy(dtype=bool) & ~unknown)
    for pos in np.flatnonzero(np.isin(codes, bad_codes)):
        bad.append(BadValue(int(pos) + 1, column, str(raw.iloc[pos]), "sex must be M/F (or U)"))
    return _take(coded, codes)
