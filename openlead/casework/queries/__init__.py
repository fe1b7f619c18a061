"""Read-side queries: caseloads, the dashboard, decrypting reads, funds and settings.

Views call these only after the access helpers have scoped and audited the request.
Nothing here writes; the actions package imports from here, never the other way.
"""

from __future__ import annotations

from openlead.access.helpers import PageNumber, page_of
from openlead.casework.queries.caseload import (
    CASELOAD_SORTS,
    CONTACT_HINTS,
    LOCATION_HINTS,
    NO_CONTACT_DAYS,
    CaseloadFilters,
    CaseloadPage,
    CaseloadRow,
    Dashboard,
    WorkerLoad,
    caseload_page,
    caseload_rows,
    caseload_warnings,
    latest_due_month,
    month_start,
    prefill_snapshot,
    previous_month,
    snapshot_overdue,
    supervisor_dashboard,
)
from openlead.casework.queries.funds import (
    Spend,
    budget_spend,
    dollars,
    money_summary,
    open_purpose,
    over_budget,
    settings_for,
    shown,
)
from openlead.casework.queries.links import NEXT_STATES, covering_consent, open_override_reason
from openlead.casework.queries.records import (
    OPEN_STATES,
    current_enrollment,
    enrollment_shown,
    open_appointment_note,
    open_assessment,
    open_contact_note,
    open_goal,
    person_name,
    person_title,
    user_name,
)
from openlead.casework.queries.settings import (
    current_template,
    latest_template,
    settings_initial,
    settings_lists,
    shown_settings,
)

__all__ = [
    "CONTACT_HINTS",
    "LOCATION_HINTS",
    "NEXT_STATES",
    "OPEN_STATES",
    "CASELOAD_SORTS",
    "NO_CONTACT_DAYS",
    "CaseloadFilters",
    "CaseloadPage",
    "CaseloadRow",
    "Dashboard",
    "PageNumber",
    "Spend",
    "WorkerLoad",
    "budget_spend",
    "caseload_page",
    "caseload_rows",
    "caseload_warnings",
    "covering_consent",
    "current_enrollment",
    "current_template",
    "dollars",
    "enrollment_shown",
    "latest_due_month",
    "latest_template",
    "money_summary",
    "month_start",
    "open_appointment_note",
    "open_assessment",
    "open_contact_note",
    "open_goal",
    "open_override_reason",
    "open_purpose",
    "over_budget",
    "page_of",
    "person_name",
    "person_title",
    "prefill_snapshot",
    "previous_month",
    "settings_for",
    "settings_initial",
    "settings_lists",
    "shown",
    "shown_settings",
    "snapshot_overdue",
    "supervisor_dashboard",
    "user_name",
]
