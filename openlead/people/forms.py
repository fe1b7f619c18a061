"""Forms of the people pages: the identifier search, a new note, and the parts of the
person record (identity, contact, demographics, identifiers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from openlead.access.helpers import PeopleQuery
from openlead.access.roles import FieldGroup
from openlead.people.identity_actions import IDENTIFIER_MAX
from openlead.people.models import IDENTIFIER_KINDS, RACE_FLAGS, DobDataQuality, RaceNone, Sex
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


# --- The person record (issue 11): one small form per part, each its own page. ---
# Every field carries its starting value in a hidden input (show_hidden_initial), so a
# save writes only what this person changed on the page (`changes()`), never a stale
# copy of a field someone else changed meanwhile.

NAME_MAX = 150
ALIASES_MAX = 10
PHONE_PATTERN = r"^[0-9+().\-\s]*((ext|x)\.?\s*[0-9]+)?$"
DOB_KNOWN = {DobDataQuality.FULL, DobDataQuality.APPROXIMATE}


class RadioSelect(forms.RadioSelect):
    """Django gives a group of radios no label id, so the shared partials would link the
    error summary to "#" and give the error the id "-error": use the group's own id (its
    wrapping element's). Same class name, so `widget_type` stays "radioselect"."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


class PartForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.show_hidden_initial = True

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class IdentityForm(PartForm):
    legal_name = forms.CharField(max_length=NAME_MAX, required=False, label="Legal name")
    preferred_name = forms.CharField(
        max_length=NAME_MAX,
        required=False,
        label="Preferred name",
        help_text="The name they like to be called by.",
    )
    aliases = forms.CharField(
        required=False,
        max_length=ALIASES_MAX * (NAME_MAX + 1),
        label="Aliases",
        help_text="One a line: street names, earlier names, other spellings.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    date_of_birth = BirthDateField(required=False, label="Date of birth")
    dob_data_quality = forms.TypedChoiceField(
        choices=DobDataQuality.choices,
        coerce=int,
        label="How sure is the date of birth?",
        widget=RadioSelect,
    )

    def __init__(self, *args: Any, minimum_age: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dob = self.fields["date_of_birth"]
        dob.minimum_age = minimum_age  # type: ignore[attr-defined]
        dob.help_text = f"The program works with people aged {minimum_age} or over."

    def clean_aliases(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["aliases"].splitlines()]
        lines = list(dict.fromkeys(line for line in lines if line))
        if len(lines) > ALIASES_MAX:
            raise forms.ValidationError(f"Record at most {ALIASES_MAX} aliases.")
        if any(len(line) > NAME_MAX for line in lines):
            raise forms.ValidationError(f"Keep each alias under {NAME_MAX} characters.")
        return "\n".join(lines)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dob, quality = data.get("date_of_birth"), data.get("dob_data_quality")
        if "date_of_birth" in self.errors or quality is None:
            return data
        if dob is not None and quality not in DOB_KNOWN:
            if "dob_data_quality" in self.changed_data:
                self.add_error(
                    "dob_data_quality",
                    "A date is entered: choose full or approximate, or clear the date.",
                )
            else:  # a date typed where none was: it is a reported date
                data["dob_data_quality"] = DobDataQuality.FULL
        elif dob is None and quality in DOB_KNOWN:
            self.add_error(
                "dob_data_quality",
                "No date is entered: choose why (client doesn't know, prefers not to "
                "answer, or data not collected), or enter the date.",
            )
        return data

    def changes(self) -> dict[str, Any]:
        found = super().changes()
        if "date_of_birth" in found:
            dob = found["date_of_birth"]
            found["date_of_birth"] = dob.isoformat() if dob else ""
            found["dob_data_quality"] = self.cleaned_data["dob_data_quality"]
        return found


class ContactForm(PartForm):
    phone = forms.CharField(
        max_length=40,
        required=False,
        label="Phone",
        validators=[RegexValidator(PHONE_PATTERN, "Use digits, spaces, + ( ) - and an extension.")],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(max_length=254, required=False, label="Email")
    address = forms.CharField(
        max_length=300, required=False, label="Address", widget=forms.Textarea(attrs={"rows": 2})
    )
    contact_notes = forms.CharField(
        max_length=1000,
        required=False,
        label="How to reach them",
        help_text="Where they stay, the best time, who can pass on a message.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DemographicsForm(PartForm):
    """HMIS FY2026: race and ethnicity (3.04, several may be ticked) and sex (4.21).
    FY2026 retired 3.06 Gender, so there is no gender question (docs/person-record.md)."""

    race = forms.MultipleChoiceField(
        choices=RACE_FLAGS,
        required=False,
        label="Race and ethnicity",
        help_text="Tick all that the participant names.",
        widget=CheckboxSelectMultiple,
    )
    race_none = forms.TypedChoiceField(
        choices=RaceNone.choices,
        coerce=int,
        empty_value=None,
        required=False,
        label="If none is ticked, why",
        widget=RadioSelect,
    )
    sex = forms.TypedChoiceField(choices=Sex.choices, coerce=int, label="Sex", widget=RadioSelect)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("race"):
            data["race_none"] = None  # HMIS RaceNone applies only when no race is ticked
        elif "race" not in self.errors and data.get("race_none") is None:
            self.add_error("race", "Tick at least one, or choose below why none is recorded.")
        return data

    def changes(self) -> dict[str, Any]:
        found = super().changes()
        if "race" in found or "race_none" in found:  # one answer: both parts together
            found["race"] = self.cleaned_data["race"]
            found["race_none"] = self.cleaned_data["race_none"]
        return found


class IdentifiersForm(PartForm):
    """One box per kind of identifier: fill one in to add it, change it, or empty it to
    remove it. Kinds outside IDENTIFIER_KINDS are not accepted (extra keys are ignored)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for system, label in IDENTIFIER_KINDS:
            field = forms.CharField(max_length=IDENTIFIER_MAX, required=False, label=label)
            field.show_hidden_initial = True
            self.fields[system] = field
