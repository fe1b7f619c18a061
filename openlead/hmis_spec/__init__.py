"""HUD HMIS CSV FY2026: the file layouts, code lists and the validator (pure: no Django).

`openlead.hmis` writes the files from a program's records; this package says what the
files must look like and checks a directory of them (`openlead export hmis --check`).
"""

from __future__ import annotations

from openlead.hmis_spec.columns import ASSUMED, CSV_VERSION, FILES, Column
from openlead.hmis_spec.validate import Problem, Report, check_directory, value_problem

__all__ = [
    "ASSUMED",
    "CSV_VERSION",
    "FILES",
    "Column",
    "Problem",
    "Report",
    "check_directory",
    "value_problem",
]
