"""Referral forms. The facts form lives in referrals.facts_form (generated from the
protocol); it is re-exported here so views and tests import every referral form from one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openlead.referrals.facts_form import FactsForm, new_token

__all__ = [
    "CloseForm",
    "FactsForm",
    "SelfReferralForm",
    "StaffChoiceForm",
    "new_token",
]


@dataclass(frozen=True)
class CaseloadLimits:
    """A program's caseload standard (Program.caseload_average_limit, caseload_max)."""

    average: int
    maximum: int

    def note(self, count: int) -> str:
        """The warning beside a worker with `count` people, before one more is added."""
        if count >= self.maximum:
            return f"at or over the maximum of {self.maximum}"
        if count >= self.average:
            return f"at or over the average limit of {self.average}"
        return ""


def worker_label(user: Any, count: int | None, limits: CaseloadLimits | None) -> str:
    """The picker label, e.g. "Ivan Petrov — 12 people", with any limit warning."""
    name = str(user.get_full_name() or user.username)
    if count is None:
        return name
    label = f"{name} — {count} {'person' if count == 1 else 'people'}"
    note = limits.note(count) if limits is not None else ""
    return f"{label} ({note})" if note else label


class StaffChoiceForm(forms.Form):
    """Choose a worker (hand-off) or a case manager (intake) from the program's staff, each
    shown with their caseload; over the program's maximum the choice needs a confirm."""

    # A plain value, not a ChoiceField: the action checks the id (staff_of + staff_pk), so a
    # bad, empty or foreign id gets one message beside the picker, the same from the CLI.
    worker = forms.CharField(label="Outreach worker", required=False, widget=forms.Select)
    over_maximum = forms.BooleanField(
        label="Assign anyway (at or over the maximum caseload)",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        staff: Any,
        label: str = "Outreach worker",
        counts: dict[int, int] | None = None,
        limits: CaseloadLimits | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["worker"]
        field.label = label
        shown = counts or {}  # a worker absent from `counts` holds no caseload: name only
        field.widget.choices = [(u.pk, worker_label(u, shown.get(u.pk), limits)) for u in staff]
        # The closed picker cuts long labels at 390 px: the warnings are said again below it.
        self.warnings = [
            f"{worker_label(u, shown[u.pk], None)}: {limits.note(shown[u.pk])}"
            for u in staff
            if limits and u.pk in shown and limits.note(shown[u.pk])
        ]
        if not any(limits and shown.get(u.pk, 0) >= limits.maximum for u in staff):
            del self.fields["over_maximum"]  # the confirm box only when someone is full


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

    # Labels in gettext_lazy: the public page is in the visitor's language (issue 14).
    name = forms.CharField(label=_("Your first name or a nickname"), max_length=80)
    reach = forms.CharField(
        label=_("One way to reach you (phone, email, or a place we can find you)"),
        max_length=200,
    )
    best_time = forms.CharField(
        label=_("Best time or place to meet (optional)"), max_length=200, required=False
    )
    # Whether a voicemail or a note left with someone is safe (a partner may read it).
    message_ok = forms.ChoiceField(
        label=_("Is it safe for us to leave a message there? (optional)"),
        choices=[("yes", _("Yes")), ("no", _("No, please don't"))],
        required=False,
        widget=forms.RadioSelect,
    )
