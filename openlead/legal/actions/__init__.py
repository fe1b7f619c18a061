"""Every write of the prosecutor's workflow: validated (`check_`), in a transaction,
audited, by one acting actor (`do_`). One module per noun: `referrals` (a lapsed or
reviewed arrest), `cases` (a new charge); `_common` holds the decision and its row."""

from openlead.legal.actions._common import Decision, extension_limits
from openlead.legal.actions.cases import case_kinds, check_decide_case, do_decide_case
from openlead.legal.actions.referrals import (
    check_record_prosecutor_decision,
    do_record_prosecutor_decision,
    referral_kinds,
    under_review,
)

__all__ = [
    "Decision",
    "case_kinds",
    "check_decide_case",
    "check_record_prosecutor_decision",
    "do_decide_case",
    "do_record_prosecutor_decision",
    "extension_limits",
    "referral_kinds",
    "under_review",
]
