"""The access policy, written as data: role -> field groups read/written -> record scope.

This table is the one place that says who sees what. Views never decide it themselves;
the helpers in `openlead.access.helpers` apply it. Police and prosecutors get an
allowlist (the LEAD Golden Rule): enrollment status, the case manager's work contact,
and legal-coordination items only under an active release of information (ROI).
"""

from __future__ import annotations

from dataclasses import dataclass

from openlead.access.roles import FieldGroup as G
from openlead.access.roles import Role, Scope


@dataclass(frozen=True)
class Rule:
    read: frozenset[G]
    write: frozenset[G]
    scope: Scope
    # Groups readable only while the participant's ROI covers this recipient.
    roi_required: frozenset[G] = frozenset()
    can_see_access_history: bool = False
    can_search: bool = False
    can_manage_users: bool = False
    # Casework oversight: supervisor dashboard, flexible-funds approval, consent overrides.
    can_supervise: bool = False
    # Record linkage review queue: accept or reject proposed person <-> justice record links.
    can_review_links: bool = False
    # Evaluation runs in the web app: aggregate, small-cell-suppressed outputs only.
    can_run_evaluations: bool = False
    # Justice-record import batches: their progress and rejected rows (row, column, reason).
    can_see_imports: bool = False
    # Record-view alerts (/alerts/): accounts that opened unusually many records.
    can_see_alerts: bool = False


ALL = frozenset(G)
CARE_TEAM_WRITE = ALL - {G.CM_CONTACT}
ALLOWLIST = frozenset({G.ENROLLMENT_STATUS, G.CM_CONTACT, G.LEGAL})
NOTHING: frozenset[G] = frozenset()

POLICY: dict[Role, Rule] = {
    Role.PROGRAM_ADMIN: Rule(
        ALL,
        CARE_TEAM_WRITE,
        Scope.PROGRAM,
        can_see_access_history=True,
        can_search=True,
        can_manage_users=True,
        can_supervise=True,
        can_review_links=True,
        can_see_imports=True,
        can_run_evaluations=True,
        can_see_alerts=True,
    ),
    Role.SUPERVISOR: Rule(
        ALL,
        CARE_TEAM_WRITE,
        Scope.PROGRAM,
        can_see_access_history=True,
        can_search=True,
        can_supervise=True,
        can_review_links=True,
        can_see_imports=True,
    ),
    Role.CASE_MANAGER: Rule(ALL, CARE_TEAM_WRITE, Scope.OWN_CASELOAD, can_search=True),
    Role.OUTREACH_WORKER: Rule(
        frozenset({G.IDENTITY, G.CONTACT, G.ENROLLMENT_STATUS, G.CM_CONTACT, G.SAFETY}),
        frozenset({G.CONTACT}),
        Scope.PROGRAM,
        can_search=True,
    ),
    Role.POLICE_OFFICER: Rule(
        ALLOWLIST, NOTHING, Scope.REFERRED, roi_required=frozenset({G.LEGAL})
    ),
    # Service providers and community groups refer with no police account (openlead.referrals).
    Role.COMMUNITY_REFERRER: Rule(
        frozenset({G.ENROLLMENT_STATUS}), frozenset({G.REFERRAL}), Scope.REFERRED
    ),
    Role.PROSECUTOR: Rule(ALLOWLIST, NOTHING, Scope.PROGRAM, roi_required=frozenset({G.LEGAL})),
    Role.DEFENDER: Rule(
        frozenset({G.IDENTITY, G.ENROLLMENT_STATUS, G.CM_CONTACT, G.LEGAL}),
        NOTHING,
        Scope.PROGRAM,
        roi_required=frozenset({G.IDENTITY, G.LEGAL}),
    ),
    # Evaluators only ever get de-identified extracts and aggregate outputs, never
    # participant records.
    Role.EVALUATOR: Rule(NOTHING, NOTHING, Scope.NONE, can_run_evaluations=True),
    # Auditors read the audit log, not the records it describes.
    Role.AUDITOR: Rule(NOTHING, NOTHING, Scope.NONE, can_see_access_history=True),
    # The system administrator runs the system but reads no participant data.
    Role.SYSADMIN: Rule(NOTHING, NOTHING, Scope.NONE, can_manage_users=True),
}


def rule_for(role: str) -> Rule:
    return POLICY[Role(role)]


def is_read_only(role: str) -> bool:
    return not rule_for(role).write
