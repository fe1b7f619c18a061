"""The policy table, written out again by hand: any change to who reads, writes or may do
what fails here, so every mutant of openlead/access/policy.py dies (issue 12, item 9).

The expected table is deliberately not derived from the code under test."""

from __future__ import annotations

import dataclasses

import pytest

from openlead.access.policy import POLICY, Capability, Rule, is_read_only, rule_for
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
    "see_access_history",
    "search_people",
    "manage_users",
    "grant_data_roles",
    "supervise",
    "review_links",
    "run_evaluations",
    "see_imports",
    "see_alerts",
    "refer_by_arrest",
    "refer_by_social_contact",
    "refer_community",
    "record_self_referral",
    "see_intake_clock",
    "take_intake",
    "accept_for_intake",
    "prosecutor_decision",
    "read_justice_records",
    "merge_people",
    "enter_legal_cases",
    "defend_clients",
    "attend_owg",
    "run_owg",
    "write_minutes",
    "see_pcg_report",
    "manage_portal",
    "see_own_record",
    "request_deletion",
    "approve_deletions",
    "place_legal_holds",
    "set_retention",
    "log_legal_demands",
    "decide_legal_demands",
    "export_hmis",
    "manage_api_tokens",  # issue 15: the program admin issues and revokes API tokens
}
# The care team's referral work, and intake (the old role sets in referrals and records).
DOORS = {"refer_community", "record_self_referral", "see_intake_clock"}
INTAKE = {"take_intake", "read_justice_records"}
POLICE = {"refer_by_arrest", "refer_by_social_contact"}
OWG_CARE = {"attend_owg", "write_minutes"}
JUSTICE_ONLY = {"prosecutor_decision", "enter_legal_cases", "defend_clients"}
PORTAL_CARE = {"manage_portal"}  # the care team opens a participant's own door
LOG_DEMANDS = {"log_legal_demands"}  # the care team logs; only program admins decide

# role -> (read, write, scope, roi_required, capabilities)
EXPECTED: dict[str, tuple[set[str], set[str], str, set[str], set[str]]] = {
    "program_admin": (
        ALL,
        CARE_WRITE,
        "program",
        set(),
        CAPABILITIES - POLICE - JUSTICE_ONLY - {"see_own_record"},
    ),
    "supervisor": (
        ALL,
        CARE_WRITE,
        "program",
        set(),
        DOORS
        | INTAKE
        | {
            "see_access_history",
            "search_people",
            "supervise",
            "review_links",
            "see_imports",
            "accept_for_intake",
            "merge_people",
            "run_owg",
            "see_pcg_report",
            "request_deletion",
            "approve_deletions",
            "place_legal_holds",
        }
        | OWG_CARE
        | PORTAL_CARE
        | LOG_DEMANDS,
    ),
    "case_manager": (
        ALL,
        CARE_WRITE,
        "own_caseload",
        set(),
        DOORS
        | INTAKE
        | OWG_CARE
        | PORTAL_CARE
        | LOG_DEMANDS
        | {"search_people", "request_deletion"},
    ),
    "outreach_worker": (
        {"identity", "contact", "enrollment_status", "cm_contact", "safety"},
        {"contact"},
        "program",
        set(),
        DOORS | {"search_people"},
    ),
    "police_officer": (ALLOWLIST, set(), "case_relation", {"legal"}, POLICE | {"attend_owg"}),
    "community_referrer": (
        {"enrollment_status"},
        {"referral"},
        "referred",
        set(),
        {"refer_community"},
    ),
    "prosecutor": (
        ALLOWLIST,
        set(),
        "case_relation",
        {"legal"},
        {"prosecutor_decision", "enter_legal_cases", "attend_owg"},
    ),
    "defender": (
        {"identity", "enrollment_status", "cm_contact", "legal"},
        set(),
        "case_relation",
        {"identity", "legal"},
        {"defend_clients", "enter_legal_cases", "attend_owg"},
    ),
    "evaluator": (set(), set(), "none", set(), {"run_evaluations", "see_pcg_report"}),
    "auditor": (set(), set(), "none", set(), {"see_access_history"}),
    "sysadmin": (set(), set(), "none", set(), {"manage_users"}),
    # Their own record only, and only the /me/ pages (openlead.portal).
    "participant": (ALL, set(), "own_record", set(), {"see_own_record"}),
}


def _row(rule: Rule) -> tuple[set[str], set[str], str, set[str], set[str]]:
    assert {c.value for c in Capability} == CAPABILITIES  # a new capability goes here too
    return (
        {str(g) for g in rule.read},
        {str(g) for g in rule.write},
        str(rule.scope),
        {str(g) for g in rule.roi_required},
        {c.value for c in Capability if rule.has(c)},
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
    assert [rule.has(c) for c in Capability] == [False] * len(CAPABILITIES)


def test_it_freezes_rules() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule_for("police_officer").scope = Scope.PROGRAM  # type: ignore[misc]
