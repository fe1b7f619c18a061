"""The legal-demand forms: logging a demand, and counsel's decision with the court order.
Fields carry input rules only; the actions decide the rest (errors placed beside fields)."""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.legal.demands import actions, orders
from openlead.legal.models import DecisionOutcome, DemandKind, OrderSection


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, required=required, widget=widget, help_text=help_text)


class DemandForm(forms.Form):
    kind = forms.ChoiceField(
        label="What it is", choices=DemandKind.choices, widget=forms.RadioSelect
    )
    requester = forms.CharField(
        label="Who it is from", max_length=200, help_text="The court, agency, officer or firm."
    )
    received_on = _date("Date received")
    due_on = _date("Due date", required=False, help_text="The date it asks for an answer by.")
    reference = forms.CharField(
        label="Their reference", max_length=120, required=False, help_text="Its number, if any."
    )
    summary = forms.CharField(
        label="What it asks for",
        max_length=actions.SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In your own words; kept encrypted.",
    )
    copy_reference = forms.CharField(
        label="Where the copy is",
        max_length=200,
        required=False,
        help_text="Where the paper or scanned copy is kept (for example, the locked file).",
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Counsel's decision", choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    counsel_name = forms.CharField(label="Counsel's name", max_length=120)
    advice_reference = forms.CharField(
        label="Advice reference", max_length=120, help_text="Counsel's letter or file number."
    )
    reason = forms.CharField(
        label="Reason",
        max_length=actions.REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to decline or object; kept encrypted.",
    )
    section = forms.ChoiceField(
        label="The order was made under",
        choices=[("", "Not a court order"), *OrderSection.choices],
        required=False,
    )
    findings = forms.MultipleChoiceField(
        label="Findings the order states",
        choices=orders.finding_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick only what the order itself says.",
    )
    order_date = _date("Date of the order", required=False)
    court = forms.CharField(label="Court", max_length=200, required=False)
    judge = forms.CharField(label="Judge", max_length=120, required=False)
    case_number = forms.CharField(label="Court case number", max_length=60, required=False)
    scope_groups = forms.MultipleChoiceField(
        label="Parts of the record the order allows",
        choices=orders.scopable_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scope_from = _date("Records from", required=False, help_text="Leave empty for no limit.")
    scope_to = _date("Records to", required=False, help_text="Leave empty for no limit.")
    recipient = forms.CharField(label="Who receives the records", max_length=200, required=False)
    do_not_notify_until = _date(
        "Do not tell the participant until",
        required=False,
        help_text="Only if the order forbids telling them sooner.",
    )

    ORDER_FIELDS = (
        "section",
        "findings",
        "order_date",
        "court",
        "judge",
        "case_number",
        "scope_groups",
        "scope_from",
        "scope_to",
        "recipient",
        "do_not_notify_until",
    )

    def __init__(self, *args: Any, refusal: str = "", **kwargs: Any) -> None:
        """`refusal`: why this demand can never be disclosed under (orders.disclosure_refusal);
        then the form is the plain refusal path, with no order to fill in."""
        super().__init__(*args, **kwargs)
        if refusal:
            for name in self.ORDER_FIELDS:
                del self.fields[name]
            outcome = self.fields["outcome"]
            assert isinstance(outcome, forms.ChoiceField)
            outcome.choices = [
                c for c in DecisionOutcome.choices if c[0] != DecisionOutcome.DISCLOSE
            ]
            outcome.error_messages["invalid_choice"] = refusal

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ordered = data.get("outcome") == DecisionOutcome.DISCLOSE and data.get("section")
        if ordered and not data.get("order_date"):
            self.add_error("order_date", "Enter the date of the order.")
        return data

    def decision(self) -> actions.NewDecision:
        d: dict[str, Any] = self.cleaned_data
        order = None
        if d["outcome"] == DecisionOutcome.DISCLOSE and d.get("section") is not None:
            order = actions.OrderData(
                section=d["section"],
                order_date=d["order_date"],
                court=d["court"],
                judge=d["judge"],
                case_number=d["case_number"],
                recipient=d["recipient"],
                findings=list(d["findings"]),
                scope_groups=list(d["scope_groups"]),
                scope_from=d["scope_from"],
                scope_to=d["scope_to"],
                do_not_notify_until=d["do_not_notify_until"],
            )
        return actions.NewDecision(
            d["outcome"], d["counsel_name"], d["advice_reference"], d["reason"], order
        )
