"""The referral's facts form, generated from the protocol: it asks only what the program's
protocol reads at that door (`required_facts`), so a protocol change changes the form with
no code change. What the system already knows is never asked: capacity comes from the
caseloads at screening (referrals.capacity) and the age from the date of birth.

Issue 11 ("the officer's minute"): labels and pickers instead of typed codes, the yes/no
exclusions in one tick list, past convictions as optional rows (offense picker + date;
referrals.js adds rows, one row works without it), and an empty form refused with errors
beside the fields. What must be true to qualify (the conduct, amenability, verified earlier
activity) the officer must answer at a police door; what would exclude may be left blank
for the team to check, which screens as "needs review".
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django import forms

from openlead.eligibility import FactSpec, Protocol, required_facts
from openlead.eligibility.vocabulary import (
    ATTEMPT_PREFIX,
    CONVICTIONS_CHECK,
    NONE_OF_THESE,
    OFFICER_CHECKS,
)
from openlead.programs.dates import BirthDateField, PastDateField, program_today, years_between

YES_NO = [("yes", "Yes"), ("no", "No")]
NO_ACTIVITY = "none"
NONE = "none"
APPLIES = "applies"
CONVICTIONS = "convictions"
MAX_CONVICTIONS = 10  # rows a form takes; more is a record check, not a street form
MAX_GRAMS = Decimal(10000)
# Worked out by the system at screening (referrals.capacity), never asked.
COMPUTED = frozenset({"capacity_available"})
POLICE_DOORS = ("arrest", "social_contact")
NO_CONVICTIONS_AT = frozenset({"community", "self"})
# At a police door the officer is the only source of these: they must be answered.
REQUIRED_AT_POLICE_DOORS = frozenset({"conduct", "amenable", "verified_activity"})
# What to say beside an unanswered required question, in words, not "This field is required".
MISSING = {
    "name": "Write the name the person gives (a first name or a nickname is fine).",
    "conduct": "Choose what the referral is about.",
    "amenable": "Answer yes or no.",
    "verified_activity": "Choose who verified it, or “None verified”.",
}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def row_name(part: str, index: int) -> str:
    return f"conviction_{part}_{index}"


def _when_attrs(spec: FactSpec) -> dict[str, str]:
    """data-* attributes that referrals.js reads to show a question only when it applies."""
    if spec.only_when is None:
        return {}
    values = ",".join(
        str(v).lower() if isinstance(v, bool) else str(v) for v in spec.only_when.any_of
    )
    values = values.replace("true", "yes").replace("false", "no")
    return {"data-only-when": spec.only_when.fact, "data-only-when-values": values}


def _radio(spec: FactSpec, choices: list[tuple[str, str]], required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=spec.label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect(attrs=_when_attrs(spec)),
    )


def _activity_fields(spec: FactSpec, required: bool) -> dict[str, forms.Field]:
    when = {
        "data-only-when": spec.name,
        "data-only-when-values": ",".join(c for c, _ in spec.choices),
    }
    source = _radio(spec, [*spec.choices, (NO_ACTIVITY, "None verified")], required)
    source.label = "Who verified the person's earlier eligible activity?"
    return {
        spec.name: source,
        f"{spec.name}_date": PastDateField(
            label="When was that activity?",
            required=False,
            widget=forms.DateInput(attrs={**when, "type": "date"}),
        ),
        f"{spec.name}_in_area": forms.ChoiceField(
            label="Was it in the program area?",
            choices=YES_NO,
            required=False,
            widget=forms.RadioSelect(attrs=when),
        ),
    }


def _fields_for(spec: FactSpec, required: bool) -> dict[str, forms.Field]:
    attrs = _when_attrs(spec)
    kind = spec.type
    if kind == "boolean":
        return {spec.name: _radio(spec, YES_NO, required)}
    if kind == "number":
        return {
            spec.name: forms.DecimalField(
                label=spec.label,
                required=required,
                min_value=0,
                max_value=MAX_GRAMS,
                max_digits=9,
                decimal_places=3,
                widget=forms.NumberInput(attrs={**attrs, "inputmode": "decimal", "step": "any"}),
            )
        }
    if kind == "integer" and spec.name == "age":
        # The age is worked out from the date of birth (the protocol decides a minimum age,
        # with its clause, so the form does not refuse a young person itself).
        return {
            "date_of_birth": BirthDateField(
                label="Date of birth (if known)",
                required=False,
                help_text="The age is worked out from it.",
            )
        }
    if kind == "text":
        return {
            spec.name: forms.CharField(
                label=spec.label,
                required=required,
                max_length=500,
                widget=forms.Textarea(attrs={**attrs, "rows": 2}),
            )
        }
    if kind == "choice":
        return {spec.name: _radio(spec, list(spec.choices), required)}
    if kind == "choices":
        return {
            spec.name: forms.MultipleChoiceField(
                label=spec.label,
                choices=list(spec.choices),
                required=required,
                widget=forms.CheckboxSelectMultiple(attrs=attrs),
            )
        }
    if kind == "activities":
        return _activity_fields(spec, required)
    raise ValueError(f"no form field for fact type {kind!r}")


def _yes(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _conviction_row(index: int, offenses: list[tuple[str, str]]) -> dict[str, forms.Field]:
    when = {"data-only-when": APPLIES, "data-only-when-values": CONVICTIONS}
    return {
        row_name("offense", index): forms.ChoiceField(
            label="Offense",
            choices=[("", "Choose the offense"), *offenses],
            required=False,
            widget=forms.Select(attrs=when),
        ),
        row_name("attempt", index): forms.BooleanField(label="An attempt", required=False),
        row_name("date", index): PastDateField(label="Date of conviction", required=False),
    }


class FactsForm(forms.Form):
    """Screen two of a referral: who, and the facts the protocol needs at this door."""

    submit_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    name = forms.CharField(label="Name (as the person gives it)", required=False, max_length=150)

    def __init__(self, *args: Any, protocol: Protocol, door: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.door = door
        self.specs = [s for s in required_facts(protocol, door) if s.name not in COMPUTED]
        police = door in POLICE_DOORS
        self.fields["name"].required = police
        if door == "arrest":
            self.fields["report_number"] = forms.CharField(
                label="Report or incident number", required=False, max_length=40
            )
        if door in ("community", "self"):
            self.fields["reach"] = forms.CharField(
                label="How can outreach reach them?", required=False, max_length=200
            )
        self.check_names = [
            s.name
            for s in self.specs
            if s.type == "boolean" and s.only_when is None and s.name in OFFICER_CHECKS
        ]
        if door in NO_CONVICTIONS_AT:
            # A community referrer (or the person) is never asked for a criminal record:
            # they cannot know it and should not be asked to tell it. Left out, the fact
            # screens as "needs review" and the team checks it at intake.
            self.specs = [s for s in self.specs if s.type != CONVICTIONS]
        self.offenses = next((list(s.choices) for s in self.specs if s.type == CONVICTIONS), None)
        for spec in self.specs:
            if spec.name not in self.check_names and spec.type != CONVICTIONS:
                required = police and spec.name in REQUIRED_AT_POLICE_DOORS
                self.fields.update(_fields_for(spec, required))
        self._add_checklist()
        self.order_fields(["submit_token", "name", "date_of_birth"])
        for name, message in MISSING.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        if not self.is_bound:
            self.initial.setdefault("submit_token", new_token())

    def _add_checklist(self) -> None:
        choices = [(name, OFFICER_CHECKS[name]) for name in self.check_names]
        if self.offenses is not None:
            choices.append((CONVICTIONS, CONVICTIONS_CHECK))
        if not choices:
            return
        self.fields[APPLIES] = forms.MultipleChoiceField(
            label="Does any of this apply to the person?",
            choices=[*choices, (NONE, NONE_OF_THESE)],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Tick each that applies, or “None of these”. Leave it blank if you "
            "cannot say: the team will check.",
        )
        if self.offenses is not None:
            for index in range(self._row_count()):
                self.fields.update(_conviction_row(index, self.offenses))

    def _row_count(self) -> int:
        """One row, or as many as the posted form used (rows added by referrals.js)."""
        if not self.is_bound:
            return 1
        parts = ("offense", "attempt", "date")
        used = [
            index
            for index in range(MAX_CONVICTIONS)
            if any(self.data.get(row_name(part, index)) for part in parts)
        ]
        return max(used, default=0) + 1

    @property
    def rows(self) -> list[tuple[Any, Any, Any]]:
        """The conviction rows' bound fields (offense, attempt, date), for the template."""
        count = sum(1 for name in self.fields if name.startswith("conviction_offense_"))
        parts = ("offense", "attempt", "date")
        return [tuple(self[row_name(part, i)] for part in parts) for i in range(count)]  # type: ignore[misc]

    def plain_fields(self) -> list[Any]:
        """Every visible field but the conviction rows (the template lays those out)."""
        return [f for f in self.visible_fields() if not f.name.startswith("conviction_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        applies = set(data.get(APPLIES) or [])
        if NONE in applies and len(applies) > 1:
            self.add_error(APPLIES, "“None of these” cannot go with other ticks: untick one.")
        for name in self.check_names:
            data[name] = (name in applies) if applies else None
        if self.offenses is not None:
            data[CONVICTIONS] = self._convictions(data, applies)
        if "amenability_reason" in self.fields and data.get("amenable") == "no":
            if not data.get("amenability_reason"):
                self.add_error("amenability_reason", "Say why, in a few words.")
        for spec in self.specs:
            if spec.type == "activities":
                data[spec.name] = self._activities(spec.name, data)
        return data

    def _convictions(self, data: dict[str, Any], applies: set[str]) -> list[dict[str, str]] | None:
        entries = []
        for index in range(len(self.rows)):
            offense = data.get(row_name("offense", index))
            day: dt.date | None = data.get(row_name("date", index))
            if not offense:
                if day is not None or data.get(row_name("attempt", index)):
                    self.add_error(row_name("offense", index), "Choose the offense.")
                continue
            code = f"{ATTEMPT_PREFIX}{offense}" if data.get(row_name("attempt", index)) else offense
            entries.append({"offense": code, **({"date": day.isoformat()} if day else {})})
        if entries:
            if NONE in applies:
                self.add_error(APPLIES, "A conviction is listed: untick “None of these”.")
            return entries
        if CONVICTIONS in applies:
            self.add_error(
                row_name("offense", 0), "Choose the offense, or untick “Has past convictions”."
            )
            return None
        return [] if applies else None

    def _activities(self, name: str, data: dict[str, Any]) -> list[dict[str, Any]] | None:
        source = data.get(name)
        if not source:
            return None
        if source == NO_ACTIVITY:
            return []
        when: dt.date | None = data.get(f"{name}_date")
        entry: dict[str, Any] = {"source": source, "in_area": _yes(data.get(f"{name}_in_area"))}
        if when is not None:
            entry["date"] = when.isoformat()
        return [entry]

    def facts(self) -> dict[str, Any]:
        """The eligibility facts, dropping answers whose question did not apply (only_when)."""
        data = self.cleaned_data
        facts: dict[str, Any] = {}
        for spec in self.specs:
            value = self._fact_value(spec, data.get(spec.name))
            if value is not None and value != "":
                facts[spec.name] = value
        born = self.date_of_birth()
        if born is not None and any(spec.name == "age" for spec in self.specs):
            facts["age"] = years_between(born, program_today())
        for spec in self.specs:
            if spec.only_when is not None and not _applies(spec, facts):
                facts.pop(spec.name, None)
        return facts

    def _fact_value(self, spec: FactSpec, value: Any) -> Any:
        if spec.name in self.check_names or spec.name == "age":
            return value if isinstance(value, bool) else None
        if spec.type == "boolean":
            return _yes(value)
        if spec.type == "number":
            return float(value) if value is not None else None
        if spec.type == "choices":
            return list(value) if value else None
        if spec.type == "choice":
            return value or None
        return value

    def date_of_birth(self) -> dt.date | None:
        born = self.cleaned_data.get("date_of_birth")
        return born if isinstance(born, dt.date) else None

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {key: data[key] for key in ("report_number", "reach") if data.get(key)}

    def question_names(self) -> list[str]:
        return [spec.name for spec in self.specs]


def _applies(spec: FactSpec, facts: dict[str, Any]) -> bool:
    if spec.only_when is None:
        return True
    value = facts.get(spec.only_when.fact)
    if value is None:
        return False
    if isinstance(value, list):
        return any(v in value for v in spec.only_when.any_of)
    return value in spec.only_when.any_of
