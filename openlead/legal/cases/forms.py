"""Forms of the case pages; the actions validate again (and own the refusals)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from openlead.legal.charges import choices as charge_choices
from openlead.legal.models import CaseStatus, ChargeLevel, CourtDateKind

OTHER_CODE = "__other__"


class CaseForm(forms.Form):
    jurisdiction = forms.CharField(label="Court or jurisdiction", max_length=120)
    case_number = forms.CharField(
        label="Case number", max_length=60, help_text="Letters, digits and dashes."
    )
    opened_on = forms.DateField(label="Opened on", widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label="Status", choices=CaseStatus.choices)

    def clean_opened_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["opened_on"]
        if value < dt.date(2000, 1, 1) or value > dt.date.today() + dt.timedelta(days=1):
            raise forms.ValidationError("Use a date from 2000 up to today.")
        return value


class ChargeForm(forms.Form):
    code = forms.ChoiceField(label="Charge", choices=[])
    other_code = forms.CharField(
        label="Other statute code", required=False, max_length=40, help_text="Such as 9A.56.030."
    )
    level = forms.ChoiceField(
        label="Level",
        required=False,
        choices=[("", "As the statute usually is"), *ChargeLevel.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        assert isinstance(code, forms.ChoiceField)
        code.choices = [*charge_choices(), (OTHER_CODE, "Another code…")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("code") == OTHER_CODE:
            if not data.get("other_code"):
                self.add_error("other_code", "Give the statute code.")
            else:
                data["code"] = data["other_code"]
        return data


class CourtDateForm(forms.Form):
    at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    kind = forms.ChoiceField(label="Kind", choices=CourtDateKind.choices)
    location = forms.CharField(label="Courtroom or place", required=False, max_length=200)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=CaseStatus.choices)


class DefenderForm(forms.Form):
    defender = forms.TypedChoiceField(label="Defender", coerce=int, choices=[])

    def __init__(self, *args: Any, defenders: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["defender"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = defenders
