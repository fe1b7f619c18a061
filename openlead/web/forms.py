"""Forms for the spine UI. Validation lives here and in actions; views stay thin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from openlead.access.roles import FieldGroup, Role
from openlead.programs.models import Organization, Program

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


class NewUserForm(forms.Form):
    username = forms.RegexField(
        regex=r"^[a-z0-9_.-]{2,40}$",
        max_length=40,
        error_messages={
            "invalid": "Use 2-40 lower-case letters, digits, dots, dashes or underscores."
        },
    )
    full_name = forms.CharField(max_length=150)
    work_phone = forms.CharField(max_length=40, required=False)
    password = forms.CharField(widget=forms.PasswordInput, min_length=12, max_length=128)
    program = forms.ModelChoiceField(queryset=Program.objects.none())
    organization = forms.ModelChoiceField(queryset=Organization.objects.order_by("name"))
    role = forms.ChoiceField(choices=Role.choices)

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password


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
