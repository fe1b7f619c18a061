"""Casework's answer to programs' signals (connected in CaseworkConfig.ready).

programs sits below casework in the layers, so it announces a new program and casework
seeds its own rows, instead of programs importing casework.
"""

from __future__ import annotations

from typing import Any

from openlead.casework.defaults import seed_program_defaults
from openlead.casework.models import AssessmentTemplate, CaseworkSettings, InactiveReason
from openlead.programs.models import Program


def seed_new_program(sender: Any, *, program: Program, **kwargs: Any) -> None:
    """Runs inside do_create_program's transaction: no program exists without its rows."""
    seed_program_defaults(
        program.pk,
        settings_model=CaseworkSettings,
        reason_model=InactiveReason,
        template_model=AssessmentTemplate,
    )
