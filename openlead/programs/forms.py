"""The program settings form. Validation lives here and in programs.actions."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django import forms

from openlead.access.roles import FieldGroup
from openlead.eligibility import ProtocolError, shipped_protocols, shipped_versions
from openlead.programs.models import Program
from openlead.programs.public_door import crisis_problems, phone_problem

IN_FORCE = ""  # a stored empty version: screening uses the version in force today

# The groups notes are written in (people.Note.field_group) that a program may show on a
# participant's own pages (openlead.portal).
PORTAL_NOTE_GROUPS = [
    (g.value, g.label)
    for g in (
        FieldGroup.CASEWORK_NOTES,
        FieldGroup.HEALTH,
        FieldGroup.LEGAL,
        FieldGroup.FUNDS,
        FieldGroup.SAFETY,
        FieldGroup.REFERRAL,
    )
]


@dataclass(frozen=True)
class InstalledProtocol:
    id: str
    name: str
    versions: tuple[str, ...]  # every shipped version, oldest first


@functools.cache
def installed_protocols() -> tuple[InstalledProtocol, ...]:
    """The protocols openlead ships and can load, by human name (a broken file is left out,
    so it can never be chosen and then fail every screening)."""
    found = []
    for ident in shipped_protocols():
        try:
            versions = shipped_versions(ident)
        except (ProtocolError, OSError):
            continue
        names = tuple(protocol.version for protocol in versions)
        found.append(InstalledProtocol(ident, versions[-1].name, names))
    return tuple(sorted(found, key=lambda p: p.name))


def _protocol_choices() -> list[tuple[str, str]]:
    return [("", "None yet (screening waits)")] + [(p.id, p.name) for p in installed_protocols()]


def _version_choices() -> list[tuple[str, Any]]:
    grouped: list[tuple[str, Any]] = [(IN_FORCE, "The version in force today")]
    for p in installed_protocols():
        grouped.append((p.name, [(v, f"{p.name} {v}") for v in p.versions]))
    return grouped


class ProgramSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    # The version the page was loaded with; programs.actions.do_update_program saves only
    # over that version, so a second editor gets the 409 page instead of overwriting.
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": "This page is out of date: reload it and save again."},
    )

    protocol_id = forms.ChoiceField(
        label="Eligibility protocol",
        choices=_protocol_choices,
        required=False,
        error_messages={"invalid_choice": "Choose one of the installed protocols."},
    )
    protocol_version = forms.ChoiceField(
        label="Protocol version",
        choices=_version_choices,
        required=False,
        help_text="Screening uses the version in force today unless you pick one.",
        error_messages={"invalid_choice": "Choose a version of the chosen protocol."},
    )

    portal_note_groups = forms.MultipleChoiceField(
        label="Notes a participant sees on their own pages",
        choices=PORTAL_NOTE_GROUPS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Health notes (42 CFR Part 2) stay hidden unless you tick them.",
        error_messages={"invalid_choice": "Choose groups from the list."},
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
            "public_summary",
            "public_phone",
            "public_hours",
            "crisis_lines",
            "portal_shows_staff_names",
            "portal_note_groups",
        ]
        widgets = {"crisis_lines": forms.Textarea(attrs={"rows": 4})}

    # Left blank, the record-view alert settings keep their current values.
    ALERT_FIELDS = ("view_alert_records", "view_alert_minutes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in self.ALERT_FIELDS:
            self.fields[name].required = False
        if not self.is_bound and self.instance.protocol_version not in self._versions_of(
            self.instance.protocol_id
        ):
            # A stored version that is not installed (an old "2011.1"): offer the one in force.
            self.initial["protocol_version"] = IN_FORCE

    @staticmethod
    def _versions_of(protocol_id: str) -> tuple[str, ...]:
        found = [p for p in installed_protocols() if p.id == protocol_id]
        return (IN_FORCE, *found[0].versions) if found else (IN_FORCE,)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.ALERT_FIELDS:
            if data.get(name) is None and name not in self.errors:
                data[name] = getattr(self.instance, name)
        average, most = data.get("caseload_average_limit"), data.get("caseload_max")
        if average is not None and most is not None and average > most:
            self.add_error("caseload_max", "The maximum cannot be below the average limit.")
        protocol, version = data.get("protocol_id"), data.get("protocol_version")
        checked = "protocol_id" not in self.errors and "protocol_version" not in self.errors
        if checked and version not in self._versions_of(protocol or ""):
            self.add_error("protocol_version", "Choose a version of the chosen protocol.")
        window = data.get("intake_window_days")
        if window is not None and not 1 <= window <= 90:
            self.add_error("intake_window_days", "Use a window between 1 and 90 days.")
        records, minutes = data.get("view_alert_records"), data.get("view_alert_minutes")
        if records is not None and not 1 <= records <= 10_000:
            self.add_error("view_alert_records", "Use a number of records between 1 and 10000.")
        if minutes is not None and not 1 <= minutes <= 1440:
            self.add_error("view_alert_minutes", "Use a window between 1 and 1440 minutes.")
        self._clean_public_door(data)
        return data

    def _clean_public_door(self, data: dict[str, Any]) -> None:
        """The thanks page shows these to a person in need: a number they can dial, and
        crisis lines a person can read at a glance (programs.public_door)."""
        phone = (data.get("public_phone") or "").strip()
        problem = phone_problem(phone) if phone else None
        if problem:
            self.add_error("public_phone", problem)
        lines = data.get("crisis_lines") or ""
        data["crisis_lines"] = "\n".join(
            line.strip() for line in lines.splitlines() if line.strip()
        )
        for problem in crisis_problems(lines):
            self.add_error("crisis_lines", problem)
