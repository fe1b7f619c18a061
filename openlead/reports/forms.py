"""The "Run the evaluation now" form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone


class StartRunForm(forms.Form):
    follow_up_end = forms.DateField(
        required=False,
        label="Follow-up ends on (optional)",
        help_text="Events after this date are ignored, e.g. while the latest justice "
        "records are still incomplete. Leave empty to use all of them.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, data_start: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.data_start = data_start  # the program's first referral: nothing before it

    def clean_follow_up_end(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("follow_up_end")
        if value is None:
            return value
        if value > timezone.localdate():
            raise forms.ValidationError("The follow-up cannot end in the future.")
        if self.data_start is not None and value <= self.data_start:
            raise forms.ValidationError(
                f"The program's data starts on {self.data_start:%-d %B %Y} (its first "
                "referral): choose a later day, or leave this empty to use all the data."
            )
        if value.year < 1900:
            raise forms.ValidationError("Enter a day in 1900 or later.")
        return value


class QuarterForm(forms.Form):
    """The policy group report's quarter picker: one of the program's quarters."""

    quarter = forms.ChoiceField(label="Quarter")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quarter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
