"""Outcome evaluation of LEAD-style programs: validated inputs, designs, report.

Public API: `load_inputs` reads and validates the files, `run_evaluation` runs designs and
writes report.html, results.json and tables/, `simulate`/`write_simulation` make data
with known true effects. Names are imported on first use, so `openlead --help` (which
imports the CLI module of this package) does not pay for pandas and statsmodels.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

# OpenBLAS threads make statsmodels' many small solves 50-70x slower on small machines;
# this only takes effect when numpy is not yet imported (run.py also caps it at run time).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

_HOMES = {
    "DesignResult": "types",
    "EvalData": "types",
    "Estimate": "types",
    "InputError": "types",
    "Options": "types",
    "load_inputs": "io",
    "prepare_inputs": "io",
    "run_evaluation": "run",
    "SimulationConfig": "simulate",
    "simulate": "simulate",
    "write_simulation": "simulate",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_HOMES[name]}")
    return getattr(module, name)
