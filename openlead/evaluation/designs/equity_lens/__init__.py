"""equity-lens: the questions critics of police-gatekept diversion ask of a program.

- entries by door over time (police as gatekeepers);
- who was diverted against who was booked for eligible conduct (relative rate index);
- how concentrated referrals are among officers (top-10% share, Gini);
- net-widening (entrants with no eligible arrest in the prior 24 months);
- police contacts per participant-month before and after the index date;
- outcomes of police-referred against community-referred participants.

Each part runs if its inputs are present and otherwise adds a warning naming what is
missing; the design is skipped only when no part can run.
"""

from __future__ import annotations

from collections.abc import Callable

from openlead.evaluation.designs.equity_lens.disparity import officer_concentration, relative_rates
from openlead.evaluation.designs.equity_lens.doors import door_mix, net_widening
from openlead.evaluation.designs.equity_lens.participants import police_contacts, referral_outcomes
from openlead.evaluation.designs.equity_lens.stats import gini, top_share
from openlead.evaluation.types import DesignResult, EvalData, Options

__all__ = ["DESIGN", "gini", "run", "top_share"]

DESIGN = "equity-lens"

Part = Callable[[EvalData, Options, DesignResult], bool]
PARTS: tuple[Part, ...] = (
    door_mix,
    relative_rates,
    officer_concentration,
    net_widening,
    police_contacts,
    referral_outcomes,
)


def run(data: EvalData, options: Options) -> DesignResult:
    """Run every part whose inputs are present."""
    result = DesignResult(design=DESIGN)
    if not (data.people["group"] == "program").any():
        result.skipped = True
        result.warnings.append("needs program participants in people (group = program)")
        return result
    ran = [part(data, options, result) for part in PARTS]
    if not any(ran):
        result.skipped = True
    return result
