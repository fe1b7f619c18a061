"""Forms for the spine UI. Validation lives here and in actions; views stay thin."""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.access.roles import FieldGroup
from openlead.programs.models import Program

IDENTIFIER_SYSTEMS = [
    ("state_id", "State ID"),
    ("booking_number", "Booking number"),
    ("hmis", "HMIS id"),
]


class SearchForm(forms.Form):
    system = forms.ChoiceField(choices=IDENTIFIER_SYSTEMS, required=False)
    value = forms.CharField(max_length=64, required=False, label="Identifier (exact)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("value") and not data.get("system"):
            self.add_error("system", "Choose which kind of identifier this is.")
        return data


class NoteForm(forms.Form):
    field_group = forms.ChoiceField(choices=[])
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Note", required=False)

    def __init__(self, *args: Any, writable: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        note_groups = [
            FieldGroup.CASEWORK_NOTES,
            FieldGroup.HEALTH,
            FieldGroup.LEGAL,
            FieldGroup.FUNDS,
            FieldGroup.SAFETY,
        ]
        self.fields["field_group"].choices = [  # type: ignore[attr-defined]
            (g.value, g.label) for g in note_groups if g in writable
        ]


class ProgramSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    # The version the page was loaded with; access.actions.do_update_program saves only
    # over that version, so a second editor gets the 409 page instead of overwriting.
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": "This page is out of date: reload it and save again."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    class Meta:
        model = Program
        fields = [
            "name",
            "time_zone",
            "protocol_id",
            "protocol_version",
            "intake_window_days",
            "caseload_average_limit",
            "caseload_max",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        average, most = data.get("caseload_average_limit"), data.get("caseload_max")
        if average is not None and most is not None and average > most:
            self.add_error("caseload_max", "The maximum cannot be below the average limit.")
        window = data.get("intake_window_days")
        if window is not None and not 1 <= window <= 90:
            self.add_error("intake_window_days", "Use a window between 1 and 90 days.")
        return data
