"""Name normalisation, the nickname table and a phonetic blocking key.

Everything here works on unique values (a justice extract of a million rows has a few
thousand distinct names), so the per-name Python is cheap and the per-row work stays in
pandas.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import cache
from importlib import resources

import pandas as pd

__all__ = [
    "canonical_first_name",
    "map_unique",
    "nickname_table",
    "normalise_names",
    "soundex",
]

_SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


@cache
def nickname_table() -> dict[str, str]:
    """Nickname -> formal name, from the shipped CSV (first row wins for a nickname)."""
    text = resources.files("openlead.linkage").joinpath("data/nicknames.csv").read_text()
    table: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        table.setdefault(row["nickname"].strip(), row["formal"].strip())
    return table


def canonical_first_name(name: str) -> str:
    """The formal name a nickname stands for, following chains (rosie -> rose -> rosemary)."""
    table = nickname_table()
    seen = {name}
    while name in table and table[name] not in seen:
        name = table[name]
        seen.add(name)
    return name


def soundex(name: str) -> str:
    """American Soundex code (R163 for Robert); empty string for no letters."""
    letters = [c for c in name.lower() if c.isalpha()]
    if not letters:
        return ""
    first = letters[0]
    code = first.upper()
    last = _SOUNDEX_CODES.get(first, "")
    for c in letters[1:]:
        digit = _SOUNDEX_CODES.get(c, "")
        if digit and digit != last:
            code += digit
        # h and w do not separate equal codes; vowels do.
        if c not in "hw":
            last = digit
        if len(code) == 4:
            break
    return code.ljust(4, "0")


def normalise_names(values: pd.Series) -> pd.Series:
    """Lower case, letters plus single hyphens/spaces/apostrophes; empty -> missing."""
    s = values.astype("string").str.lower().str.strip()
    s = s.str.replace(r"[^a-z' \-]", "", regex=True)
    s = s.str.replace(r"\s*-\s*", "-", regex=True).str.replace(r"\s+", " ", regex=True)
    s = s.str.strip(" -'")
    return s.mask(s == "")


def map_unique(values: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """Apply a str -> str function once per distinct non-missing value."""
    uniques = values.dropna().unique()
    lookup = {u: func(str(u)) for u in uniques}
    return values.map(lookup).astype("string")
