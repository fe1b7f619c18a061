"""The registry of designs, in report order. Each is `run(EvalData, Options) -> DesignResult`.

Keys are the design names on the command line (`--design time-to-event`).
"""

from __future__ import annotations

from collections.abc import Callable

from openlead.evaluation.designs import (
    equity_lens,
    recidivism,
    time_to_event,
    utilization_costs,
    within_subject,
)
from openlead.evaluation.types import DesignResult, EvalData, Options

__all__ = ["DESIGNS"]

DESIGNS: dict[str, Callable[[EvalData, Options], DesignResult]] = {
    "recidivism": recidivism.run,
    "time-to-event": time_to_event.run,
    "utilization-costs": utilization_costs.run,
    "within-subject": within_subject.run,
    "equity-lens": equity_lens.run,
}
