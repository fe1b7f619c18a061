"""The accountability page's forms: the year picker (public) and the admin's two forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openlead.accountability.population import MAX_BYTES, read_population


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in years]
        field.error_messages["invalid_choice"] = _("Choose one of the years listed.")


class PublicationForm(forms.Form):
    public = forms.TypedChoiceField(
        label="Who can see the accountability page",
        choices=[
            ("0", "Staff only (program admins, supervisors, evaluators)"),
            ("1", "Anyone, without logging in"),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class PopulationForm(forms.Form):
    area = forms.CharField(
        label="Area the counts describe", max_length=200, help_text="For example: Demo County, WA"
    )
    source = forms.CharField(
        label="Source", max_length=300, help_text="For example: Census 2020 DHC, tables P9 and P11"
    )
    year = forms.IntegerField(label="Year of the counts", min_value=1990)
    file = forms.FileField(label="CSV file (columns group, residents)")

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError("The counts cannot be from a future year.")
        return year

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        raw = upload.read(MAX_BYTES + 1)
        counts, problems = read_population(raw)
        if problems:
            raise forms.ValidationError([p.text(upload.name) for p in problems[:10]])
        self.counts = counts
        return upload
