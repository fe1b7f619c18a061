"""The retention pages' forms: each bad value is an error beside its field."""

from __future__ import annotations

from django import forms

from openlead.retention.actions.holds import REASON_MAX, REFERENCE_MAX
from openlead.retention.actions.requests import REASON_MAX_CHARS
from openlead.retention.actions.schedule import LIMITS


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why should this record be deleted?",
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Encrypted with the record, and deleted with it. Two approvers read it.",
        error_messages={"required": "Say why this record should be deleted."},
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])


class HoldForm(forms.Form):
    reason = forms.CharField(
        label="Legal matter",
        max_length=REASON_MAX,
        help_text="For example a litigation hold notice or a records request. "
        "Write no participant details here.",
        error_messages={"required": "Say which legal matter needs the records kept."},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=REFERENCE_MAX,
        help_text="A case or notice number.",
        error_messages={"required": "Give the matter's reference (a case or notice number)."},
    )


def _period(name: str, label: str, unit: str) -> forms.IntegerField:
    low, high = LIMITS[name]
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=f"In {unit}, from {low} to {high}.",
        error_messages={
            "required": f"Give a number from {low} to {high}.",
            "invalid": "Enter a whole number.",
            "min_value": f"Choose a number from {low} to {high}.",
            "max_value": f"Choose a number from {low} to {high}.",
        },
    )


class ScheduleForm(forms.Form):
    exited_years = _period("exited_years", "Keep exited participants' records for", "years")
    never_enrolled_months = _period(
        "never_enrolled_months",
        "Keep people who were referred but never enrolled, after their referral closed, for",
        "months",
    )
    rejected_rows_days = _period(
        "rejected_rows_days", "Keep the rejected rows of justice-record imports for", "days"
    )
