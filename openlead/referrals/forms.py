"""Referral forms. The facts form is generated from the protocol: it asks only what the
program's protocol reads at that door (`required_facts`), so a protocol change changes
the form with no code change.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django import forms

from openlead.eligibility import FactSpec, Protocol, required_facts
from openlead.programs.dates import program_today, window_problem
from openlead.programs.models import Program
from openlead.referrals.clock import window_days
from openlead.referrals.models import ProsecutorDecision

YES_NO = [("yes", "Yes"), ("no", "No")]
CONVICTIONS_CHOICES = [("none", "None on record"), ("listed", "Yes: list them below")]
NO_ACTIVITY = "none"
CONVICTION_LINE = re.compile(r"^(?P<offense>[a-z0-9_:]+)(?:[\s,]+(?P<date>\d{4}-\d{2}-\d{2}))?$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _when_attrs(spec: FactSpec) -> dict[str, str]:
    """data-* attributes that referrals.js reads to show a question only when it applies."""
    if spec.only_when is None:
        return {}
    values = ",".join(
        str(v).lower() if isinstance(v, bool) else str(v) for v in spec.only_when.any_of
    )
    values = values.replace("true", "yes").replace("false", "no")
    return {"data-only-when": spec.only_when.fact, "data-only-when-values": values}


def _radio(spec: FactSpec, choices: list[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=spec.label,
        choices=choices,
        required=False,
        widget=forms.RadioSelect(attrs=_when_attrs(spec)),
    )


def _fields_for(spec: FactSpec) -> dict[str, forms.Field]:
    attrs = _when_attrs(spec)
    kind = spec.type
    if kind == "boolean":
        return {spec.name: _radio(spec, YES_NO)}
    if kind == "number":
        return {
            spec.name: forms.DecimalField(
                label=spec.label,
                required=False,
                min_value=0,
                max_digits=9,
                decimal_places=3,
                widget=forms.NumberInput(attrs={**attrs, "inputmode": "decimal", "step": "any"}),
            )
        }
    if kind == "integer":
        return {
            spec.name: forms.IntegerField(
                label=spec.label,
                required=False,
                min_value=0,
                max_value=130,
                widget=forms.NumberInput(attrs={**attrs, "inputmode": "numeric"}),
            )
        }
    if kind == "text":
        return {
            spec.name: forms.CharField(
                label=spec.label,
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={**attrs, "rows": 2}),
            )
        }
    if kind == "choice":
        return {spec.name: _radio(spec, list(spec.choices))}
    if kind == "choices":
        return {
            spec.name: forms.MultipleChoiceField(
                label=spec.label,
                choices=list(spec.choices),
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs=attrs),
            )
        }
    if kind == "convictions":
        codes = ", ".join(code for code, _ in spec.choices)
        return {
            spec.name: _radio(spec, CONVICTIONS_CHOICES),
            f"{spec.name}_list": forms.CharField(
                label="Past convictions, one per line: offense code and date (YYYY-MM-DD)",
                required=False,
                help_text=f"Codes: {codes}; an attempt is attempt:code.",
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "data-only-when": spec.name,
                        "data-only-when-values": "listed",
                        "autocapitalize": "none",
                    }
                ),
            ),
        }
    if kind == "activities":
        when = {
            "data-only-when": spec.name,
            "data-only-when-values": ",".join(c for c, _ in spec.choices),
        }
        return {
            spec.name: _radio(spec, [*spec.choices, (NO_ACTIVITY, "None verified")]),
            f"{spec.name}_date": forms.DateField(
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
    raise ValueError(f"no form field for fact type {kind!r}")


def _yes(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class FactsForm(forms.Form):
    """Screen two of a referral: who, and the facts the protocol needs at this door."""

    submit_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    name = forms.CharField(label="Name (as the person gives it)", required=False, max_length=150)

    def __init__(self, *args: Any, protocol: Protocol, door: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.door = door
        self.specs = required_facts(protocol, door)
        if door == "arrest":
            self.fields["report_number"] = forms.CharField(
                label="Report or incident number", required=False, max_length=40
            )
        if door in ("community", "self"):
            self.fields["reach"] = forms.CharField(
                label="How can outreach reach them?", required=False, max_length=200
            )
        for spec in self.specs:
            self.fields.update(_fields_for(spec))
        if not self.is_bound:
            self.initial.setdefault("submit_token", new_token())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for spec in self.specs:
            if spec.type == "convictions":
                data[spec.name] = self._convictions(spec.name, data)
            elif spec.type == "activities":
                data[spec.name] = self._activities(spec.name, data)
        return data

    def _convictions(self, name: str, data: dict[str, Any]) -> list[dict[str, str]] | None:
        answer = data.get(name)
        if answer == "none":
            return []
        if answer != "listed":
            return None
        entries = []
        for number, line in enumerate(str(data.get(f"{name}_list", "")).splitlines(), start=1):
            text = line.strip().lower()
            if not text:
                continue
            match = CONVICTION_LINE.match(text)
            if match is None:
                self.add_error(
                    f"{name}_list",
                    f"Line {number}: write an offense code, then a date such as 2019-03-04.",
                )
                continue
            entry = {"offense": match["offense"]}
            if match["date"]:
                try:
                    dt.date.fromisoformat(match["date"])
                except ValueError:
                    self.add_error(
                        f"{name}_list", f"Line {number}: {match['date']} is not a real date."
                    )
                    continue
                entry["date"] = match["date"]
            entries.append(entry)
        if not entries and f"{name}_list" not in self.errors:
            self.add_error(f"{name}_list", "List the convictions, or choose “None on record”.")
        return entries

    def _activities(self, name: str, data: dict[str, Any]) -> list[dict[str, Any]] | None:
        source = data.get(name)
        if not source:
            return None
        if source == NO_ACTIVITY:
            return []
        when: dt.date | None = data.get(f"{name}_date")
        if when is not None and when > dt.date.today() + dt.timedelta(days=1):
            self.add_error(f"{name}_date", "That date is in the future.")
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
        for spec in self.specs:
            if spec.only_when is not None and not _applies(spec, facts):
                facts.pop(spec.name, None)
        return facts

    @staticmethod
    def _fact_value(spec: FactSpec, value: Any) -> Any:
        if spec.type == "boolean":
            return _yes(value)
        if spec.type == "number":
            return float(value) if value is not None else None
        if spec.type == "choices":
            return list(value) if value else None
        if spec.type == "choice":
            return value or None
        return value

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


class StaffChoiceForm(forms.Form):
    """Choose a worker (hand-off) or a case manager (intake) from the program's staff."""

    worker = forms.ChoiceField(label="Outreach worker", choices=[])

    def __init__(
        self, *args: Any, staff: Any, label: str = "Outreach worker", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["worker"]
        field.label = label
        field.choices = [(u.pk, u.get_full_name() or u.username) for u in staff]


class ProsecutorDecisionForm(forms.Form):
    """File, decline, or extend the intake window to a new last day. Given the program, an
    extension must fall after today and within the intake window from today (the shipped
    protocols set no separate extension limit), checked here so each error sits once beside
    its field; legal.actions checks it again for callers without a form."""

    decision = forms.ChoiceField(
        choices=ProsecutorDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose file, decline or extend.",
            "invalid_choice": "Choose file, decline or extend.",
        },
    )
    new_deadline = forms.DateField(
        label="New last day for intake (when extending)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the new last day as a date, such as 2026-05-01."},
    )

    def __init__(self, *args: Any, program: Program | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        if program is not None:
            start, latest = extension_limits(program)
            attrs = self.fields["new_deadline"].widget.attrs
            attrs.update({"min": start.isoformat(), "max": latest.isoformat()})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") != ProsecutorDecision.EXTEND or "new_deadline" in self.errors:
            return data
        day = data.get("new_deadline")
        if day is None:
            self.add_error("new_deadline", "Give the new last day for intake.")
        elif self.program is not None:
            start, latest = extension_limits(self.program)
            problem = window_problem(day, start=start, latest=latest, what="The new last day")
            if problem:
                self.add_error("new_deadline", problem)
        return data


def extension_limits(program: Program) -> tuple[dt.date, dt.date]:
    """The first and last day an extension may name: tomorrow, up to one intake window on."""
    today = program_today()
    return today + dt.timedelta(days=1), today + dt.timedelta(days=window_days(program))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=[], widget=forms.RadioSelect)

    def __init__(self, *args: Any, declined: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the program team records that the person declined; a referrer may withdraw.
        field: Any = self.fields["outcome"]
        field.choices = [("declined", "The person declined")] * declined + [
            ("withdrawn", "Withdraw the referral")
        ]


class SelfReferralForm(forms.Form):
    """The public page: as little as possible, all optional but a name and one way to reach."""

    name = forms.CharField(label="Your first name or a nickname", max_length=80)
    reach = forms.CharField(
        label="One way to reach you (phone, email, or a place we can find you)", max_length=200
    )
    best_time = forms.CharField(
        label="Best time or place to meet (optional)", max_length=200, required=False
    )
