"""The work group's forms: scheduling a meeting and writing a minute. Their fields carry
only input rules; the actions decide the rest (and raise errors placed beside fields)."""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.legal.models.meetings import MINUTE_GROUPS
from openlead.legal.owg.actions import NEXT_STEPS_MAX, invitable_roles


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time",
        help_text="In the program's local time.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.CharField(label="Location", max_length=200, required=False)
    invited_roles = forms.MultipleChoiceField(
        label="Invited roles", widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invited_roles"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(r.value, r.label) for r in invitable_roles()]


class MinuteForm(forms.Form):
    next_steps = forms.CharField(
        label="Agreed next step",
        max_length=NEXT_STEPS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Up to {NEXT_STEPS_MAX:,} characters; kept encrypted.",
    )
    who = forms.CharField(
        label="Who", max_length=120, required=False, help_text="A role or a work name."
    )
    by_when = forms.DateField(
        label="By when", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    field_group = forms.ChoiceField(
        label="Who may read it", choices=MINUTE_GROUPS, widget=forms.RadioSelect
    )
