"""Per-program starting configuration: inactive reasons and the first assessment template."""

from __future__ import annotations

from openlead.casework.codes import Domain
from openlead.casework.models import AssessmentTemplate, InactiveReason
from openlead.programs.models import Program

# (code, label, days unreachable or None) - programs edit these; none is a judgement.
INACTIVE_REASONS = [
    ("unreachable", "Unreachable for 90 days", 90),
    ("in_custody", "In custody", None),
    ("hospitalized", "Hospitalized", None),
    ("moved_away", "Moved away", None),
]
TEMPLATE_NAME = "Psychosocial assessment"


def ensure_program_defaults(program: Program) -> None:
    for code, label, days in INACTIVE_REASONS:
        InactiveReason.objects.get_or_create(
            program=program, code=code, defaults={"label": label, "unreachable_days": days}
        )
    if not AssessmentTemplate.objects.filter(program=program).exists():
        AssessmentTemplate.objects.create(
            program=program, name=TEMPLATE_NAME, version=1, domains=[d.value for d in Domain]
        )


def current_template(program: Program) -> AssessmentTemplate:
    """The newest active template version; a program always has one."""
    ensure_program_defaults(program)
    templates = AssessmentTemplate.objects.filter(program=program)
    chosen = templates.filter(active=True).order_by("-version", "-pk").first()
    return chosen or templates.order_by("-version", "-pk")[0]
