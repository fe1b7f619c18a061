"""Referral forms. The facts form lives in referrals.facts_form (generated from the
protocol); it is re-exported here so views and tests import every referral form from one place.
"""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.referrals.facts_form import FactsForm, new_token
from openlead.referrals.models import ProsecutorDecision

__all__ = [
    "CloseForm",
    "FactsForm",
    "ProsecutorDecisionForm",
    "SelfReferralForm",
    "StaffChoiceForm",
    "new_token",
]


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
    decision = forms.ChoiceField(choices=ProsecutorDecision.choices, widget=forms.RadioSelect)
    new_deadline = forms.DateField(
        label="New last day for intake (when extending)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


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
