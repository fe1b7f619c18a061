"""The prosecutor's decision form. The choices are the decisions open on the item
(legal.actions.referral_kinds / case_kinds); the checks are the actions' own
(legal.actions._common.decision_errors), so each error sits once, beside its field, and a
caller without a form is refused with the same sentence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from openlead.legal.actions._common import (
    REASON_MAX_CHARS,
    Decision,
    choices_in_words,
    decision_errors,
)
from openlead.legal.actions._common import extension_limits as extension_limits
from openlead.legal.models import DecisionKind, VictimConsent
from openlead.programs.models import Program


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[], widget=forms.RadioSelect, label="Decision")
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,  # required by decision_errors, with the action's sentence
        max_length=REASON_MAX_CHARS,
        help_text="Kept sealed with the person's record; shown to the prosecutor's office.",
    )
    victim_consent = forms.ChoiceField(
        label="Victim or complainant consent",
        choices=VictimConsent.choices,
        required=False,
        initial=VictimConsent.NOT_ASKED,
    )
    new_deadline = forms.DateField(
        label="New last day for intake (when extending)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the new last day as a date, such as 2026-05-01."},
    )

    def __init__(
        self,
        *args: Any,
        kinds: tuple[str, ...],
        program: Program,
        now: dt.datetime,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kinds, self.program, self.now = kinds, program, now
        field: Any = self.fields["decision"]
        field.choices = [(k, DecisionKind(k).label) for k in kinds]
        choose = f"Choose {choices_in_words(kinds)}."
        field.error_messages = {"required": choose, "invalid_choice": choose}
        if DecisionKind.EXTEND in kinds:
            first, last = extension_limits(program, now)
            attrs = self.fields["new_deadline"].widget.attrs
            attrs.update({"min": first.isoformat(), "max": last.isoformat()})
        else:
            del self.fields["new_deadline"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decided = self.decided(data)
        errors = decision_errors(decided, self.kinds, program=self.program, now=self.now)
        for name, message in errors.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data

    def decided(self, data: dict[str, Any] | None = None) -> Decision:
        data = self.cleaned_data if data is None else data
        return Decision(
            choice=str(data.get("decision") or self.data.get("decision") or ""),
            new_deadline=data.get("new_deadline"),
            reason=str(data.get("reason") or ""),
            victim_consent=str(data.get("victim_consent") or ""),
        )
