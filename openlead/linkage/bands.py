"""What an auto-accepted pair must agree on besides a high match probability.

Household members share a surname, an address and a phone; aliases are shared names.
Those fields can add up to a probability above `auto_accept` for two different people
(measured on the stress sets: every false auto-accept on the names+dob and address-only
sets was a household look-alike with another first name and birth date, and on the
aliases set nearly all were a shared alias with a different birth date). So a pair is
auto-accepted only when it is *corroborated*: an identifier agrees, or the date of birth
does not contradict the match and the date of birth or the first name agrees. Other
pairs at or above `auto_accept` go to review, where a person looks at them; recall over
auto + review is unchanged.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["corroborated"]

# A first name that is the other's middle name agrees; a bare initial is too weak.
_FIRST_AGREES = ("exact", "nickname", "swapped", "typo", "similar", "middle_as_first")
_DOB_AGREES = ("placeholder", "exact", "day_month_swapped", "year_off_by_one")
# Another year or a date years apart: a household member, a sibling, a namesake.
_DOB_CONTRADICTS = ("within_5_years", "different")
# Comparisons that are not identifiers (model order: these, then identifiers, then extras).
_NOT_IDENTIFIERS = ("first_name", "last_name", "dob", "sex")


def corroborated(levels: pd.DataFrame, optional: tuple[str, ...]) -> pd.Series:
    """Per pair (rows of `level_<field>` columns): whether auto-accept is allowed."""
    from openlead.linkage.fields import EXTRA_FIELDS

    def level(name: str) -> pd.Series:
        column = levels.get(f"level_{name}")
        if column is None:
            return pd.Series("null", index=levels.index, dtype="string")
        return column.astype("string").fillna("null")

    identifier = pd.Series(False, index=levels.index)
    for name in optional:
        if name not in EXTRA_FIELDS and name not in _NOT_IDENTIFIERS:
            identifier |= level(name).eq("exact")
    dob = level("dob")
    personal = dob.isin(_DOB_AGREES) | level("first_name").isin(_FIRST_AGREES)
    return (identifier | (~dob.isin(_DOB_CONTRADICTS) & personal)).astype(bool)
