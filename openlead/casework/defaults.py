"""A program's starting casework configuration: settings row, inactive reasons, template.

`seed_program_defaults` takes the model classes so that the same code seeds a new program
(casework.receivers, on programs' `program_created` signal) and backfills older programs
(migration 0003_seed_program_defaults, with the historical models). It is idempotent.
"""

from __future__ import annotations

from typing import Any

from openlead.casework.codes import Domain

# (code, label, days unreachable or None) - programs edit these; none is a judgement.
INACTIVE_REASONS = [
    ("unreachable", "Unreachable for 90 days", 90),
    ("in_custody", "In custody", None),
    ("hospitalized", "Hospitalized", None),
    ("moved_away", "Moved away", None),
]
TEMPLATE_NAME = "Psychosocial assessment"


def seed_program_defaults(
    program_id: int, *, settings_model: Any, reason_model: Any, template_model: Any
) -> None:
    settings_model.objects.get_or_create(program_id=program_id)
    for code, label, days in INACTIVE_REASONS:
        reason_model.objects.get_or_create(
            program_id=program_id, code=code, defaults={"label": label, "unreachable_days": days}
        )
    if not template_model.objects.filter(program_id=program_id).exists():
        template_model.objects.create(
            program_id=program_id, name=TEMPLATE_NAME, version=1, domains=[d.value for d in Domain]
        )
