"""Permission-matrix rows for the safety flag (openlead/casework/views/safety.py); merged
into tests/access/test_permission_matrix.py.

The flag is set and removed by the care team, which writes the safety group: alice in her
caseload, bob and ada program-wide, carol in her program. Outreach reads the safety group
but does not write it (403), police, prosecutor and defender read neither (403 where in
scope), evaluator, auditor and sysadmin have no participant scope (404). The POST carries
no data, so a permitted writer gets 400 (the form's error), proving the gate let them in."""

from __future__ import annotations

from typing import Any

from tests.casework.matrix import WRITE_RELATIONS, expect_write

SAFETY_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "casework_safety_flag": ("POST", WRITE_RELATIONS, expect_write),
}
