"""The optional fields: middle name, address, phone and aliases, each compared only when
both inputs carry it, each level firing for the case it is there for."""

from __future__ import annotations

import pandas as pd
import pytest

from openlead.linkage.core import compare
from openlead.linkage.fields import standard_street

PERSON = {
    "person_id": "P-FAKE-1",
    "first_name": "William",
    "last_name": "Garcia",
    "dob": "1980-03-04",
    "sex": "M",
    "middle_name": "James",
    "street": "1200 NE 45th Street, Apt 4B",
    "city": "Seattle",
    "postal_code": "98105-1234",
    "phone": "(206) 555-0142",
    "aliases": "Billy Gar; Will Lopez",
}


@pytest.mark.parametrize(
    ("typed", "expected", "why"),
    [
        ("1200 NE 45th Street, Apt 4B", ("1200", "ne 45th st"), "suffix spelled out, unit"),
        ("1200 Northeast 45th St.", ("1200", "ne 45th st"), "direction spelled out"),
        ("12 Pinkerton Avenue #3", ("12", "pinkerton ave"), "unit as #"),
        ("Pike Place Market", ("", "pike pl market"), "no house number"),
        ("400 Broadway Unit 12", ("400", "broadway"), "unit word"),
    ],
)
def test_it_standardises_streets(typed: str, expected: tuple[str, str], why: str) -> None:
    assert standard_street(typed) == expected, why


# (record id, why, changes, comparison, expected level)
CASES = [
    ("R-mid-initial", "middle name as its initial", {"middle_name": "J."}, "middle_name", "initial"),
    ("R-mid-typo", "middle name misspelt", {"middle_name": "Jamse"}, "middle_name", "similar"),
    ("R-mid-other", "another middle name", {"middle_name": "Robert"}, "middle_name", "different"),
    ("R-mid-none", "middle name not recorded", {"middle_name": None}, "middle_name", "null"),
    ("R-addr-abbrev", "Northeast/NE, Street/St, no unit, ZIP without +4",
     {"street": "1200 Northeast 45th St", "postal_code": "98105"}, "address", "exact"),
    ("R-addr-zip", "same street and number, ZIP mistyped", {"postal_code": "98015"},
     "address", "same_street_and_number"),
    ("R-addr-number", "same street, another number", {"street": "1210 NE 45th St"},
     "address", "same_street"),
    ("R-addr-moved", "moved within the ZIP", {"street": "5 Roosevelt Way"}, "address",
     "same_postal_code"),
    ("R-addr-none", "no address", {"street": None, "city": None, "postal_code": None},
     "address", "null"),
    ("R-phone-area", "area code left off", {"phone": "555-0142"}, "phone", "last_7_digits"),
    ("R-phone-other", "another number", {"phone": "206 555 9999"}, "phone", "different"),
    ("R-phone-short", "too few digits to compare", {"phone": "0142"}, "phone", "null"),
    ("R-alias-record", "the record is filed under an alias",
     {"first_name": "Will", "last_name": "Lopez", "aliases": None}, "aliases", "alias_exact"),
    ("R-alias-shared", "both list the same alias", {"aliases": "Will Lopez"}, "aliases",
     "alias_exact"),
    ("R-alias-surname", "an alias surname in common", {"aliases": "Bill Lopez"}, "aliases",
     "alias_surname"),
    ("R-alias-none", "the record lists no aliases", {"aliases": None}, "aliases", "null"),
    ("R-alias-other", "both list aliases, none shared", {"aliases": "Sam Young"}, "aliases",
     "different"),
]  # fmt: skip


@pytest.fixture(scope="module")
def levels() -> pd.DataFrame:
    records = [{**PERSON, "person_id": rid, **changes} for rid, _, changes, _, _ in CASES]
    return compare(pd.DataFrame([PERSON]), pd.DataFrame(records)).set_index("right_id")


@pytest.mark.parametrize(("record_id", "why", "comparison", "expected"), [
    (c[0], c[1], c[3], c[4]) for c in CASES
])  # fmt: skip
def test_it_fires_the_level_for_each_case(
    levels: pd.DataFrame, record_id: str, why: str, comparison: str, expected: str
) -> None:
    assert levels.loc[record_id, f"level_{comparison}"] == expected, why


def test_it_leaves_out_a_field_only_one_side_carries() -> None:
    bare = {k: PERSON[k] for k in ("first_name", "last_name", "dob", "sex")}
    out = compare(pd.DataFrame([PERSON]), pd.DataFrame([{"person_id": "R1", **bare}]))
    for field in ("middle_name", "address", "phone", "aliases"):
        assert f"level_{field}" not in out.columns
    assert out["level_first_name"].tolist() == ["exact"]
