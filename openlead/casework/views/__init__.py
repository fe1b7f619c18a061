"""Casework views, one module per page group; re-exported for casework.urls."""

from __future__ import annotations

from openlead.casework.views.funds import funds_decide, funds_request
from openlead.casework.views.links import link_override, link_send, link_state
from openlead.casework.views.lists import caseload, supervisor
from openlead.casework.views.person import (
    appointment_add,
    assessment_new,
    contact_new,
    enrollment,
    goal_add,
    goal_status,
    person,
    snapshot,
)
from openlead.casework.views.settings import casework_settings

__all__ = [
    "appointment_add",
    "assessment_new",
    "casework_settings",
    "caseload",
    "contact_new",
    "enrollment",
    "funds_decide",
    "funds_request",
    "goal_add",
    "goal_status",
    "link_override",
    "link_send",
    "link_state",
    "person",
    "snapshot",
    "supervisor",
]
