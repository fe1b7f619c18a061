"""The summary says how many scored pairs each blocking rule found, identifier rules included."""

from __future__ import annotations

import pandas as pd

from openlead.linkage.core import link
from openlead.linkage.model import BLOCKING_RULES_SQL, blocking_rule_sql
from openlead.linkage.report import summary_html


def _people(n: int) -> pd.DataFrame:
    rows = [
        {
            "person_id": f"P{i}",
            "first_name": f"Given{i % 37}",
            "last_name": f"Family{i % 41}",
            "dob": f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}",
            "sex": "MF"[i % 2],
            "state_id": f"WA-FAKE-{i:04d}",
        }
        for i in range(n)
    ]
    return pd.DataFrame(rows)


def test_it_names_one_rule_per_shared_identifier() -> None:
    rules = blocking_rule_sql(("state_id", "booking_number"))
    assert list(rules)[: len(BLOCKING_RULES_SQL)] == list(BLOCKING_RULES_SQL)
    assert rules["same state_id"] == "l.state_id = r.state_id"
    assert rules["same booking_number"] == "l.booking_number = r.booking_number"
    assert blocking_rule_sql(()) == BLOCKING_RULES_SQL


def test_it_counts_the_pairs_each_rule_found() -> None:
    left = _people(200)
    right = left.copy()
    right["person_id"] = "R" + right["person_id"]
    # 20 records with names and birth date all corrupted: only the state id rule finds them.
    bad = right.index[:20]
    right.loc[bad, "first_name"] = "Zz" + right.loc[bad, "first_name"]
    right.loc[bad, "last_name"] = "Qq" + right.loc[bad, "last_name"]
    right.loc[bad, "dob"] = "1901-12-31"
    result = link(left, right)
    counts = result.rule_pairs
    assert set(counts) == set(blocking_rule_sql(("state_id",)))
    assert sum(counts.values()) == result.n_scored
    # Each corrupted record pairs with exactly its own person through the state id rule.
    assert counts["same state_id"] == 20
    assert "same state_id" in summary_html(result, inputs={"left": 200, "right": 200})


def test_no_pair_agreeing_on_an_identifier_is_left_unscored() -> None:
    """Every identifier column, under the names a mapping gives them, blocks on its own."""
    from openlead.linkage.core import compare
    from openlead.linkage.prepare import Columns

    left = _people(60).rename(columns={"state_id": "SID"})
    left["BOOKING"] = [f"BK-{i:05d}" for i in range(60)]
    right = left.copy()
    right["person_id"] = "R" + right["person_id"]
    # Names and birth date all wrong; the first 20 keep the state id, the next 20 the
    # booking number, the last 20 neither.
    right["first_name"] = "Zz" + right["first_name"]
    right["last_name"] = "Qq" + right["last_name"]
    right["dob"] = "1901-12-31"
    right.loc[20:, "SID"] = None
    right.loc[:19, "BOOKING"] = None
    right.loc[40:, "BOOKING"] = None
    columns = Columns(state_id="SID", booking_number="BOOKING")
    pairs = compare(left, right, columns=columns)
    same_id = pairs["left_id"].str[1:] == pairs["right_id"].str[2:]
    agree = same_id & (
        pairs["right_id"].str[2:].astype(int) < 40  # the ones that kept an identifier
    )
    assert agree.sum() == 40
    assert pairs.loc[agree, "found_by_blocking"].all()
    assert set(pairs.loc[agree, "level_state_id"]) | set(
        pairs.loc[agree, "level_booking_number"]
    ) >= {"exact"}
    # The others share nothing a rule looks at: not blocked.
    assert not pairs.loc[same_id & ~agree, "found_by_blocking"].any()
    result = link(left, right, columns=columns)
    assert result.rule_pairs["same state_id"] == 20
    assert result.rule_pairs["same booking_number"] == 20


def test_the_date_and_sex_rule_is_guarded() -> None:
    """Names with no initial in common meet on dob and sex when the surnames are a
    misreading apart (Baker/Daker), but not on 01-01, which clerks write for any unknown
    date, and not when the surnames differ: dob and sex alone would be a large block."""
    from openlead.linkage.core import compare

    def person(pid: str, first: str, last: str, dob: str, sex: str) -> dict[str, str]:
        return {"person_id": pid, "first_name": first, "last_name": last, "dob": dob, "sex": sex}

    left = pd.DataFrame(
        [
            person("P1", "Ann", "Baker", "1971-06-15", "F"),
            person("P2", "Ann", "Baker", "1971-01-01", "F"),
        ]
    )
    right = pd.DataFrame(
        [
            person("R1", "Cora", "Daker", "1971-06-15", "F"),
            person("R2", "Cora", "Daker", "1971-01-01", "F"),
            person("R3", "Cora", "Daker", "1971-06-15", "M"),
            person("R4", "Cora", "Dunn", "1971-06-15", "F"),
        ]
    )
    found = compare(left, right).set_index(["left_id", "right_id"])["found_by_blocking"]
    assert bool(found[("P1", "R1")])
    assert not found[("P2", "R2")]  # the placeholder
    assert not found[("P1", "R3")]  # another sex
    assert not found[("P1", "R4")]  # surnames more than two edits apart
