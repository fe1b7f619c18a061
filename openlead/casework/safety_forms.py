"""The safety flag's one form, posted from the participant's casework page."""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.access.models import SafetyKind
from openlead.casework.actions.safety import NOTE_MAX

STEPS = [("set", "Set"), ("ask", "Ask to remove"), ("confirm", "Confirm removal")]


class SafetyFlagForm(forms.Form):
    step = forms.ChoiceField(choices=STEPS, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="Risk from",
        choices=[("", "Choose…"), *SafetyKind.choices],
        required=False,
    )
    note = forms.CharField(
        label="Note for the care team (optional)",
        max_length=NOTE_MAX,
        required=False,
        help_text="Who to avoid, what not to share. Sealed; only the care team reads it.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("step") == "set" and not data.get("kind"):
            self.add_error("kind", "Choose what the risk is.")
        return data
