"""Forms of the people pages: the identifier search and a new note."""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.access.helpers import PeopleQuery
from openlead.access.roles import FieldGroup

IDENTIFIER_SYSTEMS = [
    ("state_id", "State ID"),
    ("booking_number", "Booking number"),
    ("hmis", "HMIS id"),
]


TOO_FEW = (
    "Give at least two identifiers of different kinds (for example state ID and booking "
    "number), or a legal name with a date of birth."
)


class SearchForm(forms.Form):
    """Identifier search, sent by POST so identifiers never reach URLs, history or proxy logs.

    One identifier alone would let anyone holding a list of ids walk the records (issue 12):
    a search needs two identifiers of different kinds, or a legal name plus date of birth.
    """

    state_id = forms.CharField(max_length=64, required=False, label="State ID")
    booking_number = forms.CharField(max_length=64, required=False, label="Booking number")
    hmis = forms.CharField(max_length=64, required=False, label="HMIS id")
    legal_name = forms.CharField(max_length=150, required=False, label="Legal name")
    date_of_birth = forms.DateField(
        required=False, label="Date of birth", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [s for s, _ in IDENTIFIER_SYSTEMS if (data.get(s) or "").strip()]
        name, dob = (data.get("legal_name") or "").strip(), data.get("date_of_birth")
        if len(given) >= 2 or (name and dob):
            return data
        if name and not dob and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", "Add the date of birth to search by name.")
        elif dob and not name:
            self.add_error("legal_name", "Add the legal name to search by date of birth.")
        for system in given or [IDENTIFIER_SYSTEMS[0][0]]:
            self.add_error(system, TOO_FEW)
        return data

    def query(self) -> PeopleQuery:
        data = self.cleaned_data
        identifiers = {
            s: data[s].strip() for s, _ in IDENTIFIER_SYSTEMS if (data.get(s) or "").strip()
        }
        name, dob = (data.get("legal_name") or "").strip(), data.get("date_of_birth")
        if not (name and dob):
            name, dob = "", None
        return PeopleQuery(identifiers, name, dob.isoformat() if dob else "")


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
