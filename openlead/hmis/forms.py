"""The HMIS export page's period form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from openlead.hmis.actions import FIELDS as SETTINGS_FIELDS
from openlead.hmis.models import HmisProject

MAX_DAYS = 3 * 366  # HUD's reports look back at most a few years; a bound keeps it quick


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label="To",
        help_text="Stays that overlap these days are exported.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_end(self) -> dt.date:
        end: dt.date = self.cleaned_data["end"]
        if end > self.today:
            raise forms.ValidationError("The period cannot end after today.")
        return end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("start", "The first day must be on or before the last day.")
        elif start and end and (end - start).days > MAX_DAYS:
            self.add_error("start", "Export at most three years at a time.")
        return data


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    """The program's HMIS project settings; the model's validators say what each must be."""

    class Meta:
        model = HmisProject
        fields = list(SETTINGS_FIELDS)  # what the save accepts (openlead.hmis.actions)
        labels = {"coc_organization": "Continuum of care (the organization releases name)"}
        widgets = {"operating_start": forms.DateInput(attrs={"type": "date"})}
