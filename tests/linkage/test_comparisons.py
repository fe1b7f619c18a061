"""Each comparison level fires for the error it is there for, and blocking finds the pair.

One fake participant (William Garcia-Lopez, obviously fake DOB 1980-03-04) against one
record per error; the table cites why each row exists.
"""

from __future__ import annotations

import pandas as pd
import pytest

from openlead.linkage.core import compare

PERSON = {
    "person_id": "P-FAKE-1",
    "first_name": "William",
    "last_name": "Garcia-Lopez",
    "dob": "1980-03-04",
    "sex": "M",
}

# (record id, why, first, last, dob, sex, expected levels)
CASES = [
    ("R-exact", "clean copy", "WILLIAM", "GARCIA-LOPEZ", "1980-03-04", "M",
     {"first_name": "exact", "last_name": "exact", "dob": "exact", "sex": "exact"}),
    ("R-nick", "bill is a diminutive of william", "Bill", "Garcia-Lopez", "1980-03-04", "M",
     {"first_name": "nickname"}),
    ("R-typo", "one letter dropped", "Wiliam", "Garcia-Lopez", "1980-03-04", "M",
     {"first_name": "typo"}),
    ("R-transposed", "two letters swapped (Levenshtein 2, high Jaro-Winkler)", "Willaim", "Gracia-Lopze", "1980-03-04", "M",
     {"first_name": "similar", "last_name": "similar"}),
    ("R-swap", "first and last name exchanged", "Garcia-Lopez", "William", "1980-03-04", "M",
     {"first_name": "swapped", "last_name": "swapped"}),
    ("R-hyphen", "double surname recorded as its second part", "William", "Lopez", "1980-03-04", "M",
     {"last_name": "part"}),
    ("R-space", "double surname written with a space, first part", "William", "Garcia", "1980-03-04", "M",
     {"last_name": "part"}),
    ("R-dmswap", "day and month swapped (US vs ISO entry)", "William", "Garcia-Lopez", "1980-04-03", "M",
     {"dob": "day_month_swapped"}),
    ("R-year", "year off by one", "William", "Garcia-Lopez", "1981-03-04", "M",
     {"dob": "year_off_by_one"}),
    ("R-placeholder", "unknown day recorded as 01-01", "William", "Garcia-Lopez", "1980-01-01", "M",
     {"dob": "placeholder"}),
    ("R-nodob", "date of birth missing", "William", "Garcia-Lopez", None, "M",
     {"dob": "null"}),
    ("R-sex", "sex recorded differently", "William", "Garcia-Lopez", "1980-03-04", "F",
     {"sex": "different"}),
    ("R-initial", "first name written as its initial", "W", "Garcia-Lopez", "1980-03-04", "M",
     {"first_name": "initial"}),
    ("R-dm-digit", "day and month read the other way round, and a digit miswritten", "William",
     "Garcia-Lopez", "1980-04-08", "M", {"dob": "day_month_swapped_one_digit"}),
    ("R-two-digits", "two digits of the date miswritten", "William", "Garcia-Lopez",
     "1980-08-07", "M", {"dob": "two_digits"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def levels() -> pd.DataFrame:
    records = pd.DataFrame(
        [
            {"record_id": rid, "first_name": f, "last_name": last, "dob": dob, "sex": sex}
            for rid, _why, f, last, dob, sex, _exp in CASES
        ]
    )
    return compare(pd.DataFrame([PERSON]), records).set_index("right_id")


@pytest.mark.parametrize(("record_id", "why", "expected"), [(c[0], c[1], c[6]) for c in CASES])
def test_it_fires_the_level_for_each_error(
    levels: pd.DataFrame, record_id: str, why: str, expected: dict[str, str]
) -> None:
    row = levels.loc[record_id]
    for comparison, label in expected.items():
        assert row[f"level_{comparison}"] == label, f"{why}: {comparison}"


@pytest.mark.parametrize("record_id", [c[0] for c in CASES])
def test_it_blocks_every_single_error_case(levels: pd.DataFrame, record_id: str) -> None:
    assert bool(levels.loc[record_id, "found_by_blocking"]), record_id


def test_it_compares_optional_identifiers_when_both_sides_have_them() -> None:
    left = pd.DataFrame([{**PERSON, "state_id": "WA-FAKE-001"}])
    right = pd.DataFrame(
        [
            {**PERSON, "person_id": "R1", "state_id": "wa-fake-001 "},
            {**PERSON, "person_id": "R2", "state_id": "WA-FAKE-999"},
            {**PERSON, "person_id": "R3", "state_id": None},
        ]
    )
    out = compare(left, right).set_index("right_id")["level_state_id"]
    assert out.to_dict() == {"R1": "exact", "R2": "different", "R3": "null"}


def test_it_ignores_an_identifier_only_one_side_has() -> None:
    left = pd.DataFrame([{**PERSON, "state_id": "WA-FAKE-001"}])
    out = compare(left, pd.DataFrame([{**PERSON, "person_id": "R1"}]))
    assert "level_state_id" not in out.columns
    assert out["level_first_name"].tolist() == ["exact"]


def test_it_blocks_on_an_identifier_when_names_and_birth_date_all_differ() -> None:
    """Issue 17: on a public benchmark 302 true pairs sharing the id were never scored."""
    left = pd.DataFrame([{**PERSON, "state_id": "WA-FAKE-001"}])
    right = pd.DataFrame(
        [
            {"person_id": "R1", "first_name": "Xavier", "last_name": "Quinn",
             "dob": "1966-11-30", "sex": "M", "state_id": "WA-FAKE-001"},
            {"person_id": "R2", "first_name": "Xavier", "last_name": "Quinn",
             "dob": "1966-11-30", "sex": "M", "state_id": "WA-FAKE-002"},
        ]
    )  # fmt: skip
    found = compare(left, right).set_index("right_id")["found_by_blocking"]
    assert found.to_dict() == {"R1": True, "R2": False}


# One fake participant with a middle name against records that carry none: a clerk who
# writes the middle name (or its initial) as the first name, and a short surname misread
# twice over (h read as li), which Jaro-Winkler puts below "similar".
MIDDLE = {**PERSON, "person_id": "P-FAKE-2", "first_name": "Dana", "middle_name": "Joan",
          "last_name": "Hess", "sex": "F"}  # fmt: skip
MIDDLE_CASES = [
    ("R-middle", "the middle name as first name", "Joan", "Hess", {"first_name": "middle_as_first"}),
    ("R-middle-initial", "the middle name's initial as first name", "J", "Hess",
     {"first_name": "initial"}),
    ("R-two-edits", "h read as li", "Dana", "Liess", {"last_name": "two_edits"}),
    ("R-both", "middle name as first name and surname misread: no initial agrees", "Joan",
     "Liess", {"first_name": "middle_as_first", "last_name": "two_edits"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def middle_levels() -> pd.DataFrame:
    records = pd.DataFrame(
        [
            {"record_id": rid, "first_name": first, "last_name": last, "dob": MIDDLE["dob"],
             "sex": "F"}
            for rid, _why, first, last, _exp in MIDDLE_CASES
        ]
    )  # fmt: skip
    return compare(pd.DataFrame([MIDDLE]), records).set_index("right_id")


@pytest.mark.parametrize(
    ("record_id", "why", "expected"), [(c[0], c[1], c[4]) for c in MIDDLE_CASES]
)
def test_it_reads_the_middle_name_of_the_side_that_has_one(
    middle_levels: pd.DataFrame, record_id: str, why: str, expected: dict[str, str]
) -> None:
    row = middle_levels.loc[record_id]
    for comparison, label in expected.items():
        assert row[f"level_{comparison}"] == label, f"{why}: {comparison}"
    assert bool(row["found_by_blocking"]), why
    assert "level_middle_name" not in middle_levels.columns  # one side only: not compared
