"""Casework's answers to signals (connected in CaseworkConfig.ready).

programs sits below casework in the layers, so it announces a new program and casework
seeds its own rows, instead of programs importing casework; referrals announces a
completed intake and casework enrolls the person, so referrals (and through it the legal
pages) never import casework. Django's own post_save and post_delete of a provider or an
inactive reason give its program a new choices stamp (casework.choices).
"""

from __future__ import annotations

from typing import Any

from openlead.access.acting import Actor
from openlead.casework.actions.enrollment import do_enroll
from openlead.casework.actions.settings import do_renew_choices_stamp
from openlead.casework.defaults import seed_program_defaults
from openlead.casework.models import AssessmentTemplate, CaseworkSettings, InactiveReason
from openlead.people.models import Person
from openlead.programs.models import Program


def seed_new_program(sender: Any, *, program: Program, **kwargs: Any) -> None:
    """Runs inside do_create_program's transaction: no program exists without its rows."""
    seed_program_defaults(
        program.pk,
        settings_model=CaseworkSettings,
        reason_model=InactiveReason,
        template_model=AssessmentTemplate,
    )


def enroll_after_intake(
    sender: Any, *, person: Person, case_manager: Any, acting: Actor, **kwargs: Any
) -> bool:
    """Runs inside the intake transaction, so the enrollment and the intake land together."""
    do_enroll(person, case_manager=case_manager, acting=acting)
    return True


def new_program_choices(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """A provider or an inactive reason changed: every worker builds the program's lists
    again at its next page. Inside the change's transaction (the settings actions have
    one), so no worker sees the new stamp without the new rows."""
    do_renew_choices_stamp(instance.program_id)
