"""Forms of the people pages: the identifier search and a new note."""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.access.helpers import PeopleQuery
from openlead.access.roles import FieldGroup
from openlead.programs.dates import BirthDateField

IDENTIFIER_SYSTEMS = [
    ("state_id", "State ID"),
    ("booking_number", "Booking number"),
    ("hmis", "HMIS id"),
]


TOO_FEW = (
    "One identifier alone is not enough: add a second identifier of another kind, the date "
    "of birth, or a name."
)
NAME_TOO_SHORT = "Type at least 2 letters of the name."
NOTHING_GIVEN = "Type a name, or give a date of birth or two identifiers."


class SearchForm(forms.Form):
    """People search, sent by POST so names and identifiers never reach URLs, history or
    proxy logs. A name (2 letters or more) forgives typos, nicknames and the order of its
    parts; the date of birth and identifiers narrow it or search on their own.

    One identifier alone would let anyone holding a list of ids walk the records (issue 12):
    it needs a second identifier of another kind, a date of birth or a name beside it.
    """

    name = forms.CharField(
        max_length=150,
        required=False,
        label="Name",
        help_text="Any part of a legal name, preferred name or alias; spelling need not be exact.",
    )
    date_of_birth = BirthDateField(required=False, label="Date of birth")
    state_id = forms.CharField(max_length=64, required=False, label="State ID")
    booking_number = forms.CharField(max_length=64, required=False, label="Booking number")
    hmis = forms.CharField(max_length=64, required=False, label="HMIS id")

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if name and sum(c.isalpha() for c in name) < 2:
            raise forms.ValidationError(NAME_TOO_SHORT, code="too_short")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        given = [s for s, _ in IDENTIFIER_SYSTEMS if (data.get(s) or "").strip()]
        if data.get("name") or data.get("date_of_birth") or len(given) >= 2:
            return data
        if given:
            self.add_error(given[0], TOO_FEW)
        else:
            self.add_error("name", NOTHING_GIVEN)
        return data

    def query(self) -> PeopleQuery:
        data = self.cleaned_data
        identifiers = {
            s: data[s].strip() for s, _ in IDENTIFIER_SYSTEMS if (data.get(s) or "").strip()
        }
        dob = data.get("date_of_birth")
        return PeopleQuery(
            identifiers, date_of_birth=dob.isoformat() if dob else "", name=data.get("name", "")
        )


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
