"""Every casework write, one module per noun: validated (`check_`), in a transaction,
audited (`do_`), each taking one keyword-only `acting` actor.

Re-exported here for callers (the referrals app calls `do_enroll` when an intake is
completed; the demo; the views).
"""

from __future__ import annotations

from openlead.casework.actions._common import NOTE_MAX_CHARS
from openlead.casework.actions.appointments import (
    check_add_appointment,
    do_add_appointment,
)
from openlead.casework.actions.assessments import (
    AssessmentAnswers,
    check_record_assessment,
    do_record_assessment,
)
from openlead.casework.actions.contacts import (
    check_record_contact,
    do_record_contact,
)
from openlead.casework.actions.enrollment import (
    check_change_enrollment,
    do_enroll,
    do_exit,
    do_mark_inactive,
    do_reactivate,
    do_reassign,
    may_reassign,
)
from openlead.casework.actions.funds import (
    check_decide_funds,
    check_request_funds,
    do_decide_funds,
    do_pay_funds,
    do_request_funds,
    do_reverse_funds,
)
from openlead.casework.actions.plans import (
    check_add_goal,
    check_set_goal_status,
    do_add_goal,
    do_set_goal_status,
)
from openlead.casework.actions.service_links import (
    check_move_link,
    check_send_link,
    do_move_link,
    do_override_link,
    do_release_blocked_links,
    do_send_link,
)
from openlead.casework.actions.settings import (
    do_add_inactive_reason,
    do_add_provider,
    do_new_template_version,
    do_set_budget,
    do_update_settings,
)
from openlead.casework.actions.snapshots import (
    check_record_snapshot,
    do_record_snapshot,
)

__all__ = [
    "NOTE_MAX_CHARS",
    "AssessmentAnswers",
    "check_add_appointment",
    "check_add_goal",
    "check_change_enrollment",
    "check_decide_funds",
    "check_move_link",
    "check_record_assessment",
    "check_record_contact",
    "check_record_snapshot",
    "check_request_funds",
    "check_send_link",
    "check_set_goal_status",
    "do_add_appointment",
    "do_add_goal",
    "do_add_inactive_reason",
    "do_add_provider",
    "do_decide_funds",
    "do_enroll",
    "do_exit",
    "do_mark_inactive",
    "do_move_link",
    "do_new_template_version",
    "do_override_link",
    "do_pay_funds",
    "do_reactivate",
    "do_reassign",
    "do_record_assessment",
    "do_record_contact",
    "do_record_snapshot",
    "do_release_blocked_links",
    "do_request_funds",
    "do_reverse_funds",
    "do_send_link",
    "do_set_budget",
    "do_set_goal_status",
    "do_update_settings",
    "may_reassign",
]
