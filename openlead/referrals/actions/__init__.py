"""Every write to referrals: validated, in a transaction, audited, by one acting actor.

The status machine lives in models.TRANSITIONS; each move is one `do_<verb>_referral`
action, and a move the machine does not allow raises TransitionRefused with a sentence
a person can act on. One module per noun: `referrals` (make, screen, close), `intake`
(hand-off, intake complete), `review` (send to intake), `lapse` (the window closed),
`self_referral` (the public page). The prosecutor's decision is openlead.legal's.
"""

from openlead.referrals.actions.common import TransitionRefused, system_actor
from openlead.referrals.actions.history import do_record_earlier_referral
from openlead.referrals.actions.intake import (
    check_complete_intake,
    check_record_handoff,
    do_complete_intake,
    do_record_handoff,
    on_intake_complete,
)
from openlead.referrals.actions.lapse import do_lapse_referral, lapse_due
from openlead.referrals.actions.referrals import (
    NewReferral,
    do_make_referral,
    do_record_declined,
    do_screen_referral,
    do_withdraw_referral,
)
from openlead.referrals.actions.review import do_accept_for_intake
from openlead.referrals.actions.self_referral import (
    check_self_referral_rate,
    client_hash,
    do_count_self_referral,
    do_make_self_referral,
    do_refuse_self_referral,
    new_reference,
)

__all__ = [
    "NewReferral",
    "TransitionRefused",
    "check_complete_intake",
    "check_record_handoff",
    "check_self_referral_rate",
    "client_hash",
    "do_accept_for_intake",
    "do_complete_intake",
    "do_count_self_referral",
    "do_lapse_referral",
    "do_make_referral",
    "do_record_earlier_referral",
    "do_make_self_referral",
    "do_record_declined",
    "do_record_handoff",
    "do_refuse_self_referral",
    "new_reference",
    "do_screen_referral",
    "do_withdraw_referral",
    "lapse_due",
    "on_intake_complete",
    "system_actor",
]
