"""The auto-accept band needs corroboration beyond household fields and aliases (bands.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from openlead.linkage.bands import corroborated

_OPTIONAL = ("state_id", "address", "phone", "aliases")


def _pair(**levels: str) -> pd.DataFrame:
    row = {"first_name": "different", "last_name": "exact", "dob": "different"}
    row |= {"state_id": "null", "address": "exact", "phone": "last_7_digits", "aliases": "null"}
    row |= levels
    return pd.DataFrame([{f"level_{k}": v for k, v in row.items()}], dtype="string")


@pytest.mark.parametrize(
    ("levels", "allowed"),
    [
        # A household look-alike: surname, address and phone agree, nothing personal.
        ({}, False),
        ({"dob": "within_5_years"}, False),
        # A shared alias with another birth date (aliases only set).
        ({"aliases": "alias_exact", "first_name": "exact"}, False),
        ({"dob": "exact"}, True),
        ({"dob": "day_month_swapped"}, True),
        ({"first_name": "nickname", "dob": "null"}, True),
        ({"first_name": "typo", "dob": "same_year_month"}, True),
        # An identifier outweighs a contradicting date of birth.
        ({"state_id": "exact"}, True),
        ({"first_name": "different", "dob": "null"}, False),
    ],
)
def test_auto_accept_needs_a_personal_field(levels: dict[str, str], allowed: bool) -> None:
    assert corroborated(_pair(**levels), _OPTIONAL).tolist() == [allowed]


def test_a_run_without_optional_fields_is_judged_on_name_and_date() -> None:
    pairs = pd.DataFrame(
        {"level_first_name": ["exact", "different"], "level_dob": ["exact", "different"]},
        dtype="string",
    )
    assert corroborated(pairs, ()).tolist() == [True, False]
