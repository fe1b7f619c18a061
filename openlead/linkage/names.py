"""Name normalisation, the nickname table and a phonetic blocking key.

Everything here works on unique values (a justice extract of a million rows has a few
thousand distinct names), so the per-name Python is cheap and the per-row work stays in
pandas.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only annotations: the web app's name search must not load pandas
    import pandas as pd

__all__ = [
    "BIRTH_SLOT",
    "Hit",
    "IndexKey",
    "QueryKey",
    "birth_date_keys",
    "birth_date_query",
    "canonical_first_name",
    "deletion_variants",
    "index_keys",
    "map_unique",
    "name_parts",
    "nickname_table",
    "normalise_names",
    "phonetic_key",
    "query_keys",
    "rank_hits",
    "slot_total",
    "soundex",
    "split_aliases",
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


# --- keys for the blind-index name search (people.tokens, access.helpers) ------------------
# The web app hashes these values under a secret key before storing or querying them; this
# module only says which values a name yields and how matches between them are weighed.

MAX_PARTS = 8  # a query or a stored name yields keys for at most this many parts
MAX_PART_LETTERS = 40
MIN_EDIT_LETTERS = 3  # "jon" -> "jn", "on", "jo"; shorter parts flood with matches
_APOSTROPHES = re.compile(r"['\u2019`\u02bc]")
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_ALIAS_SEPARATORS = re.compile(r"[,;/\n|]+")

# (what the query part yielded, what the stored name yielded) -> weight. The same letters
# whole on both sides is the strongest; one edit, a nickname or the sound are weaker.
WEIGHTS: dict[tuple[str, str], float] = {
    ("part", "part"): 3.0,
    ("part", "alias"): 2.5,
    ("part", "nick"): 2.5,
    ("nick", "part"): 2.5,
    ("nick", "alias"): 2.2,
    ("nick", "nick"): 2.5,
    ("part", "edit"): 2.0,
    ("edit", "part"): 2.0,
    ("edit", "alias"): 1.8,
    ("sound", "sound"): 1.5,
    ("dob", "dob"): 4.0,
    ("year", "year"): 1.0,
}
OTHER_WEIGHT = 1.5  # two one-letter deletions that meet (a substitution or a swap)
# When one stored value comes from several parts, the row keeps the strongest kind.
_KIND_ORDER = {"part": 0, "alias": 1, "nick": 2, "edit": 3, "sound": 4}


def name_parts(text: str) -> list[str]:
    """Lower-case letter runs without accents: "José O'Brien-Lee" -> jose, obrien, lee,
    obrienlee. A hyphenated part also counts joined; one-letter initials are dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = _APOSTROPHES.sub("", plain)
    parts: list[str] = []
    for chunk in plain.split():
        runs = _LETTER_RUNS.findall(chunk)
        parts.extend(runs)
        if len(runs) > 1:
            parts.append("".join(runs))
    unique = dict.fromkeys(p[:MAX_PART_LETTERS] for p in parts if len(p) >= 2)
    return list(unique)[:MAX_PARTS]


def deletion_variants(part: str) -> set[str]:
    """The part with one letter left out. Two spellings one typo apart (a letter missing,
    added, changed or two swapped) always share the part itself or one of these."""
    if len(part) < MIN_EDIT_LETTERS:
        return set()
    return {part[:i] + part[i + 1 :] for i in range(len(part))} - {part}


_PHONETIC_START = (("kn", "n"), ("gn", "n"), ("pn", "n"), ("wr", "r"), ("ps", "s"), ("x", "s"))
_PHONETIC_RULES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"mb$", "m"),
        (r"ph", "f"),
        (r"gh(?![aeiou])", ""),
        (r"x", "ks"),  # before "sh" -> x, so that x stays one sound
        (r"sch", "sk"),
        (r"t?ch|sh", "x"),
        (r"th", "t"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"[cq]", "k"),
        (r"dg(?=[eiy])", "j"),
        (r"g(?=[eiy])", "j"),
        (r"z", "s"),
        (r"v", "f"),
        (r"d", "t"),
        (r"(?<=.)[hwy]", ""),  # h, w and y after the first letter are not sounded apart
        (r"(.)\1+", r"\1"),
    )
]


def phonetic_key(name: str) -> str:
    """A small sound key after Metaphone's main rules (not Double Metaphone): Catherine and
    Kathryn give KTRN, Stephen and Steven STFN, Smith and Smyth SMT. Vowels after the first
    letter are dropped; a leading vowel is A. Empty for a name without Latin letters."""
    s = "".join(c for c in name.lower() if "a" <= c <= "z")
    if not s:
        return ""
    for start, replacement in _PHONETIC_START:
        if s.startswith(start):
            s = replacement + s[len(start) :]
            break
    for pattern, replacement in _PHONETIC_RULES:
        s = pattern.sub(replacement, s)
    head = "a" if s[0] in "aeiouy" else s[0]
    tail = re.sub(r"[aeiouy]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", head + tail).upper()


@dataclass(frozen=True)
class IndexKey:
    kind: str  # part, alias, nick, edit or sound
    domain: str  # "n" letters, "s" sound: values of different domains never meet
    value: str


@dataclass(frozen=True)
class QueryKey:
    slot: int  # which part of the query this came from
    kind: str  # part, nick, edit, sound (or dob, year for a date of birth)
    domain: str
    value: str


def _part_keys(part: str, whole: str) -> list[tuple[str, str, str]]:
    keys = [(whole, "n", part)]
    canonical = canonical_first_name(part)
    if canonical != part:
        keys.append(("nick", "n", canonical))
    keys.extend(("edit", "n", v) for v in sorted(deletion_variants(part)))
    sound = phonetic_key(part)
    if sound:
        keys.append(("sound", "s", sound))
    return keys


def split_aliases(text: str) -> list[str]:
    """Aliases as typed in one box: separated by commas, semicolons, slashes or lines."""
    return [a.strip() for a in _ALIAS_SEPARATORS.split(text) if a.strip()]


def index_keys(legal_name: str, preferred_name: str = "", aliases: str = "") -> list[IndexKey]:
    """What one person's names yield for the index, one key per distinct value."""
    found: list[tuple[str, str, str]] = []
    for part in name_parts(f"{legal_name} {preferred_name}"):
        found.extend(_part_keys(part, "part"))
    for alias in split_aliases(aliases):
        for part in name_parts(alias):
            found.extend(_part_keys(part, "alias"))
    best: dict[tuple[str, str], str] = {}
    for kind, domain, value in found:
        known = best.get((domain, value))
        if known is None or _KIND_ORDER[kind] < _KIND_ORDER[known]:
            best[(domain, value)] = kind
    return [IndexKey(kind, domain, value) for (domain, value), kind in best.items()]


def query_keys(text: str) -> list[QueryKey]:
    """What a typed name yields; each part of the query is scored on its own (any order)."""
    return [
        QueryKey(slot, kind, domain, value)
        for slot, part in enumerate(name_parts(text))
        for kind, domain, value in _part_keys(part, "part")
    ]


BIRTH_SLOT = -1  # the query slot of a date of birth, beside the name parts 0, 1, ...


def birth_date_keys(text: str) -> list[IndexKey]:
    """The day, and the year when the text is an ISO date (a near miss on the day still
    counts a little); text that is not a date matches only itself."""
    text = text.strip()
    if not text:
        return []
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return [IndexKey("dob", "d", text.casefold())]
    return [IndexKey("dob", "d", day.isoformat()), IndexKey("year", "y", str(day.year))]


def birth_date_query(text: str) -> list[QueryKey]:
    return [QueryKey(BIRTH_SLOT, k.kind, k.domain, k.value) for k in birth_date_keys(text)]


Hit = tuple[int, str, str]  # (person id, stored kind, token) as the index returns them


def rank_hits(
    wanted: dict[str, list[tuple[int, str]]], hits: Iterable[Hit]
) -> dict[int, dict[int, tuple[float, str]]]:
    """Per person, per query slot, the best (weight, stored kind) among the index rows.

    `wanted` maps each query token to the (slot, query kind) pairs that produced it."""
    best: dict[int, dict[int, tuple[float, str]]] = {}
    for person, kind, token in hits:
        for slot, query_kind in wanted.get(token, ()):
            weight = WEIGHTS.get((query_kind, kind), OTHER_WEIGHT)
            slots = best.setdefault(person, {})
            if weight > slots.get(slot, (0.0, ""))[0]:
                slots[slot] = (weight, kind)
    return best


def slot_total(slots: dict[int, tuple[float, str]]) -> float:
    return sum(weight for weight, _ in slots.values())
