"""The safety flag's one POST, from the participant's casework page: set it, ask for its
removal, or (a second person, supervisor or program admin) confirm the removal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from openlead.access.roles import FieldGroup
from openlead.casework.actions import safety as actions
from openlead.casework.safety_forms import SafetyFlagForm
from openlead.casework.views._common import person_post

# step -> (the action, its keyword fields, the success message)
STEPS: dict[str, tuple[Callable[..., Any], tuple[str, ...], str]] = {
    "set": (
        actions.check_set_safety_flag,
        ("kind", "note"),
        "Safety flag set: places and appointments are now for the care team only.",
    ),
    "ask": (
        actions.check_ask_safety_flag_removal,
        (),
        "Removal asked for: a supervisor or program admin must confirm it.",
    ),
    "confirm": (actions.check_confirm_safety_flag_removal, (), "Safety flag removed."),
}


@login_required
@require_POST
def safety_flag(request: HttpRequest, public_id: str) -> HttpResponse:
    post = person_post(request, public_id, group=FieldGroup.SAFETY, purpose="safety flag")
    form = SafetyFlagForm(request.POST)
    if not form.is_valid():
        return post.rejected(form, "safety")
    write, fields, saved = STEPS[form.cleaned_data["step"]]
    return post.run(form, "safety", saved, write, fields=fields)
