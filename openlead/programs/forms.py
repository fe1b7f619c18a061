"""The program settings form. Validation lives here and in programs.actions."""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.programs.models import Program


class ProgramSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    # The version the page was loaded with; programs.actions.do_update_program saves only
    # over that version, so a second editor gets the 409 page instead of overwriting.
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": "This page is out of date: reload it and save again."},
    )

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
            "view_alert_records",
            "view_alert_minutes",
        ]

    # Left blank, the record-view alert settings keep their current values.
    ALERT_FIELDS = ("view_alert_records", "view_alert_minutes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in self.ALERT_FIELDS:
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.ALERT_FIELDS:
            if data.get(name) is None and name not in self.errors:
                data[name] = getattr(self.instance, name)
        average, most = data.get("caseload_average_limit"), data.get("caseload_max")
        if average is not None and most is not None and average > most:
            self.add_error("caseload_max", "The maximum cannot be below the average limit.")
        window = data.get("intake_window_days")
        if window is not None and not 1 <= window <= 90:
            self.add_error("intake_window_days", "Use a window between 1 and 90 days.")
        records, minutes = data.get("view_alert_records"), data.get("view_alert_minutes")
        if records is not None and not 1 <= records <= 10_000:
            self.add_error("view_alert_records", "Use a number of records between 1 and 10000.")
        if minutes is not None and not 1 <= minutes <= 1440:
            self.add_error("view_alert_minutes", "Use a window between 1 and 1440 minutes.")
        return data
