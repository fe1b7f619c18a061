"""The optional fields beyond name, birth date and sex: middle name, address, phone, aliases.

Each is compared only when both inputs carry it (like the identifiers), so a people file
without addresses links exactly as before. `prepare` calls `add_extra_fields`; the model
takes its comparison levels from `extra_levels`.

Aliases are arrays, not exploded rows: exploding gives a person with three aliases three
rows, so each true pair is scored up to nine times and m and u count it as many pairs.
An array keeps one pair per person and record, and its level is the best over all the
name pairs: any alias of one side equal to any name (primary or alias) of the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openlead.linkage.names import normalise_names, split_aliases

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "EXTRA_FIELDS",
    "EXTRA_INPUTS",
    "PREPARED_COLUMNS",
    "add_extra_fields",
    "extra_levels",
    "present",
    "standard_street",
]

# Comparison name -> the input fields (Columns attributes) it reads.
EXTRA_INPUTS: dict[str, tuple[str, ...]] = {
    "middle_name": ("middle_name",),
    "address": ("house_number", "street", "city", "postal_code"),
    "phone": ("phone",),
    "aliases": ("aliases",),
}
EXTRA_FIELDS = tuple(EXTRA_INPUTS)
# Comparison name -> the prepared columns it adds (dropped when the other side lacks it).
# The middle name column is kept even when only one side carries it: the first-name
# comparison reads it for a middle name written as the first name (openlead.linkage.model).
PREPARED_COLUMNS: dict[str, tuple[str, ...]] = {
    "middle_name": (),
    "address": ("addr_number", "addr_street", "addr_city", "addr_postal"),
    "phone": ("phone7",),
    "aliases": ("alias_names", "all_names", "alias_lasts", "all_lasts"),
}
# The column whose presence says the field was given for a record.
_PRESENCE = {
    "middle_name": "middle_name",
    "address": "addr_street",
    "phone": "phone7",
    "aliases": "alias_names",
}

# USPS Publication 28 suffixes and directions, the ones booking and court clerks write out.
_STREET_WORDS = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "road": "rd",
    "drive": "dr", "boulevard": "blvd", "lane": "ln", "court": "ct", "place": "pl",
    "terrace": "ter", "circle": "cir", "highway": "hwy", "parkway": "pkwy",
    "square": "sq", "way": "way", "alley": "aly", "crescent": "cres", "circuit": "cct",
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne",
    "northwest": "nw", "southeast": "se", "southwest": "sw",
}  # fmt: skip
_UNIT = re.compile(r"\b(?:apt|apartment|unit|suite|ste|room|rm|fl|floor|no)\b\.?\s*\S+|#\s*\S+")
_LEADING_NUMBER = re.compile(r"^\s*(\d+[a-z]?)\b\s*")


def standard_street(text: str) -> tuple[str, str]:
    """(house number, street) with units dropped and suffixes abbreviated.

    "1200 NE 45th Street, Apt 4B" -> ("1200", "ne 45th st"); a number is taken from the
    street only when it leads.
    """
    plain = _UNIT.sub(" ", text.casefold())
    number = ""
    found = _LEADING_NUMBER.match(plain)
    if found:
        number, plain = found.group(1), plain[found.end() :]
    words = re.findall(r"[a-z0-9]+", plain)
    return number, " ".join(_STREET_WORDS.get(w, w) for w in words)


@dataclass(frozen=True)
class _Source:
    """The input columns of one table that feed the extra fields (None: absent)."""

    columns: dict[str, str | None]

    def get(self, df: pd.DataFrame, field: str) -> pd.Series | None:
        col = self.columns.get(field)
        return df[col] if col is not None and col in df.columns else None


def add_extra_fields(out: pd.DataFrame, df: pd.DataFrame, columns: dict[str, str | None]) -> None:
    """Add the prepared columns of every extra field the input carries."""
    import pandas as pd

    source = _Source(columns)
    middle = source.get(df, "middle_name")
    if middle is not None:
        out["middle_name"] = normalise_names(middle)
    else:
        out["middle_name"] = pd.Series(pd.NA, index=out.index, dtype="string")
    street = source.get(df, "street")
    if street is not None:
        _add_address(out, df, source, street)
    phone = source.get(df, "phone")
    if phone is not None:
        digits = phone.astype("string").str.replace(r"\D", "", regex=True)
        # The last 7 digits: area codes are left off or changed more than the number.
        out["phone7"] = digits.where(digits.str.len() >= 7).str[-7:]
    aliases = source.get(df, "aliases")
    if aliases is not None:
        _add_aliases(out, df, source, aliases)


def _add_address(out: pd.DataFrame, df: pd.DataFrame, source: _Source, street: pd.Series) -> None:
    import pandas as pd

    parsed = [standard_street(str(s)) if pd.notna(s) else ("", "") for s in street]
    number = pd.Series([p[0] for p in parsed], index=street.index, dtype="string")
    given = source.get(df, "house_number")
    if given is not None:
        typed = given.astype("string").str.strip().str.lower()
        number = typed.where(typed.notna() & (typed != ""), number)
    out["addr_number"] = number.mask(number == "")
    out["addr_street"] = pd.Series([p[1] for p in parsed], index=street.index, dtype="string")
    out["addr_street"] = out["addr_street"].mask(out["addr_street"] == "")
    city = source.get(df, "city")
    out["addr_city"] = normalise_names(city) if city is not None else pd.NA
    postal = source.get(df, "postal_code")
    if postal is not None:
        code = postal.astype("string").str.upper().str.replace(r"[^0-9A-Z]", "", regex=True)
        # ZIP+4 compares on its five-digit ZIP.
        code = code.where(~code.str.fullmatch(r"\d{9}").fillna(False), code.str[:5])
        out["addr_postal"] = code.mask(code == "")
    else:
        out["addr_postal"] = pd.NA
    for col in ("addr_city", "addr_postal"):
        out[col] = out[col].astype("string")


def _full_name(text: str) -> tuple[str, str] | None:
    words = re.findall(r"[a-z'\-]+", text.casefold())
    if not words:
        return None
    return " ".join(words), words[-1]


def _add_aliases(out: pd.DataFrame, df: pd.DataFrame, source: _Source, aliases: pd.Series) -> None:
    import pandas as pd

    alias_names, all_names, alias_lasts, all_lasts = [], [], [], []
    for pos, raw in enumerate(aliases):
        parsed = [_full_name(a) for a in split_aliases(str(raw))] if pd.notna(raw) else []
        mine = sorted({p for p in parsed if p is not None})
        primary = _primary(out, pos)
        alias_names.append([full for full, _ in mine])
        alias_lasts.append(sorted({last for _, last in mine}))
        everyone = sorted({*mine, *([primary] if primary else [])})
        all_names.append([full for full, _ in everyone])
        all_lasts.append(sorted({last for _, last in everyone}))
    for name, values in (
        ("alias_names", alias_names),
        ("all_names", all_names),
        ("alias_lasts", alias_lasts),
        ("all_lasts", all_lasts),
    ):
        out[name] = pd.Series(values, index=aliases.index, dtype=object)


def _primary(out: pd.DataFrame, pos: int) -> tuple[str, str] | None:
    import pandas as pd

    first, last = out["first_name"].iloc[pos], out["last_name"].iloc[pos]
    if pd.isna(first) or pd.isna(last):
        return None
    return f"{first} {last}", str(last)


def present(df: pd.DataFrame, field: str) -> bool:
    """Whether any record of a prepared table carries the field."""
    col = _PRESENCE[field]
    if col not in df:
        return False
    if field == "aliases":
        return bool(df[col].map(len).gt(0).any())
    return bool(df[col].notna().any())


class _AnyShared:
    """A level true when two array columns share an element, in each engine's dialect.

    Splink's ArrayIntersectLevel compares a column with itself; aliases compare one side's
    aliases with the other side's names, both ways. The null level is "no alias on one
    side and nothing shared": a record without aliases is no evidence either way, unless
    its name is one of the person's aliases.
    """

    def __init__(self, pairs: list[tuple[str, str]], *, null: bool = False) -> None:
        self.pairs, self.null = pairs, null

    def creator(self) -> Any:
        from splink.internals.comparison_level_creator import ComparisonLevelCreator

        pairs, null = self.pairs, self.null

        class Level(ComparisonLevelCreator):
            def create_sql(self, sql_dialect: Any) -> str:
                spark = sql_dialect.sql_dialect_str == "spark"
                size = "size" if spark else "len"
                meet = "array_intersect" if spark else "list_intersect"
                shared = " OR ".join(f"{size}({meet}({a}, {b})) > 0" for a, b in pairs)
                if null:
                    none = f"{size}(alias_names_l) = 0 OR {size}(alias_names_r) = 0"
                    return f"({none}) AND NOT ({shared})"
                return shared

            def create_label_for_charts(self) -> str:
                return "aliases"

        return Level()


_ALIAS_FULL = [("alias_names_l", "all_names_r"), ("all_names_l", "alias_names_r")]
_ALIAS_LAST = [("alias_lasts_l", "all_lasts_r"), ("all_lasts_l", "alias_lasts_r")]


def extra_levels(field: str) -> tuple[Any, list[tuple[str, Any]]]:
    """(null level, [(label, level), ...] most specific first) of one extra field."""
    import splink.comparison_level_library as cll

    if field == "middle_name":
        initial = (
            "substr(middle_name_l, 1, 1) = substr(middle_name_r, 1, 1) "
            "AND (length(middle_name_l) = 1 OR length(middle_name_r) = 1)"
        )
        return cll.NullLevel("middle_name"), [
            ("exact", cll.ExactMatchLevel("middle_name")),
            ("initial", cll.CustomLevel(initial)),
            ("similar", cll.JaroWinklerLevel("middle_name", 0.88)),
        ]
    if field == "address":
        return _address_levels()
    if field == "phone":
        return cll.NullLevel("phone7"), [("last_7_digits", cll.ExactMatchLevel("phone7"))]
    if field == "aliases":
        null = _AnyShared(_ALIAS_FULL + _ALIAS_LAST, null=True).creator()
        return null.configure(is_null_level=True), [
            ("alias_exact", _AnyShared(_ALIAS_FULL).creator()),
            ("alias_surname", _AnyShared(_ALIAS_LAST).creator()),
        ]
    raise KeyError(field)


def _address_levels() -> tuple[Any, list[tuple[str, Any]]]:
    import splink.comparison_level_library as cll

    def same(*cols: str) -> str:
        return " AND ".join(f"addr_{c}_l = addr_{c}_r" for c in cols)

    null = cll.CustomLevel("addr_street_l IS NULL OR addr_street_r IS NULL")
    return null.configure(is_null_level=True), [
        ("exact", cll.CustomLevel(same("number", "street", "postal"))),
        ("same_street_and_number", cll.CustomLevel(same("number", "street"))),
        (
            "same_street",
            cll.CustomLevel(f"{same('street')} AND ({same('postal')} OR {same('city')})"),
        ),
        ("same_postal_code", cll.CustomLevel(same("postal"))),
        ("same_city", cll.CustomLevel(same("city"))),
    ]
