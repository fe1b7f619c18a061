"""The policy table, written out again by hand: any change to who reads, writes or may do
what fails here, so every mutant of openlead/access/policy.py dies (issue 12, item 9).

The expected table is deliberately not derived from the code under test."""

from __future__ import annotations

import dataclasses

import pytest

from openlead.access.policy import POLICY, Rule, is_read_only, rule_for
from openlead.access.roles import Role, Scope

ALL = {
    "identity",
    "contact",
    "demographics",
    "referral",
    "enrollment_status",
    "cm_contact",
    "casework_notes",
    "health",
    "legal",
    "funds",
    "safety",
}
CARE_WRITE = ALL - {"cm_contact"}
ALLOWLIST = {"enrollment_status", "cm_contact", "legal"}
CAPABILITIES = {
    "can_see_access_history",
    "can_search",
    "can_manage_users",
    "can_supervise",
    "can_review_links",
    "can_run_evaluations",
    "can_see_imports",
    "can_see_alerts",
}

# role -> (read, write, scope, roi_required, capabilities)
EXPECTED: dict[str, tuple[set[str], set[str], str, set[str], set[str]]] = {
    "program_admin": (ALL, CARE_WRITE, "program", set(), CAPABILITIES),
    "supervisor": (
        ALL,
        CARE_WRITE,
        "program",
        set(),
        {
            "can_see_access_history",
            "can_search",
            "can_supervise",
            "can_review_links",
            "can_see_imports",
        },
    ),
    "case_manager": (ALL, CARE_WRITE, "own_caseload", set(), {"can_search"}),
    "outreach_worker": (
        {"identity", "contact", "enrollment_status", "cm_contact", "safety"},
        {"contact"},
        "program",
        set(),
        {"can_search"},
    ),
    "police_officer": (ALLOWLIST, set(), "referred", {"legal"}, set()),
    "community_referrer": ({"enrollment_status"}, {"referral"}, "referred", set(), set()),
    "prosecutor": (ALLOWLIST, set(), "program", {"legal"}, set()),
    "defender": (
        {"identity", "enrollment_status", "cm_contact", "legal"},
        set(),
        "program",
        {"identity", "legal"},
        set(),
    ),
    "evaluator": (set(), set(), "none", set(), {"can_run_evaluations"}),
    "auditor": (set(), set(), "none", set(), {"can_see_access_history"}),
    "sysadmin": (set(), set(), "none", set(), {"can_manage_users"}),
}


def _row(rule: Rule) -> tuple[set[str], set[str], str, set[str], set[str]]:
    flags = {f.name for f in dataclasses.fields(Rule) if f.name.startswith("can_")}
    assert flags == CAPABILITIES  # a new capability must be added to this table too
    return (
        {str(g) for g in rule.read},
        {str(g) for g in rule.write},
        str(rule.scope),
        {str(g) for g in rule.roi_required},
        {name for name in flags if getattr(rule, name) is True},
    )


def test_it_has_a_rule_for_every_role_and_no_other() -> None:
    assert set(POLICY) == set(Role) and set(EXPECTED) == set(Role.values)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_it_gives_each_role_exactly_the_table_row(role: str) -> None:
    assert _row(rule_for(role)) == EXPECTED[role]
    assert rule_for(role) is POLICY[Role(role)]


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_it_calls_a_role_read_only_exactly_when_it_writes_nothing(role: str) -> None:
    assert is_read_only(role) is (EXPECTED[role][1] == set())


def test_it_refuses_an_unknown_role() -> None:
    with pytest.raises(ValueError):
        rule_for("superuser")


def test_it_defaults_a_bare_rule_to_no_gates_and_no_capabilities() -> None:
    rule = Rule(frozenset(), frozenset(), Scope.NONE)
    assert rule.roi_required == frozenset()
    assert [getattr(rule, name) for name in sorted(CAPABILITIES)] == [False] * len(CAPABILITIES)


def test_it_freezes_rules() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule_for("police_officer").scope = Scope.PROGRAM  # type: ignore[misc]
