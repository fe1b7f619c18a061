"""The release-of-information forms: record a release (42 CFR 2.31 elements) and revoke one.

Every id on them (organization, provider, witness) is a choice built from this program's
own rows, so a bad, empty or foreign id is a field error, never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from openlead.access.models import User
from openlead.casework.queries import consents as q
from openlead.people import disclosure
from openlead.people.models import ConsentMethod
from openlead.people.signature import signature_problem
from openlead.programs.dates import DATE_WIDGET, PastDateField, program_today, window_problem

LONGEST_RELEASE_DAYS = 5 * 365  # "as long as reasonably necessary": no release for ever
START_WINDOW_DAYS = 365


class RecipientKind:
    ORGANIZATION = "organization"
    ROLE = "role"
    PROVIDER = "provider"
    CHOICES = [
        (ORGANIZATION, "An organization that works with the program"),
        (ROLE, "Anyone in one role (for example, any prosecutor)"),
        (PROVIDER, "A provider from the directory"),
    ]


class SignatureWidget(forms.Widget):
    """A canvas to sign on (openlead/static/openlead/signature.js) and the hidden input the
    script fills with the drawing as a PNG data URL. Labels and error links point at the
    canvas, the thing a person can act on."""

    template_name = "casework/widgets/signature.html"

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_pad" if id_ else id_

    def format_value(self, value: Any) -> str:
        # Shown again after an error only when it is a real signature: garbage is dropped.
        text = "" if value is None else str(value)
        return "" if signature_problem(text) else text


def _date(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, help_text=help_text, widget=forms.DateInput(attrs=dict(DATE_WIDGET))
    )


class ReleaseForm(forms.Form):
    recipient_kind = forms.ChoiceField(
        label="Send to",
        choices=RecipientKind.CHOICES,
        widget=forms.RadioSelect,
    )
    organization = forms.ChoiceField(label="Organization", required=False)
    role = forms.ChoiceField(label="Role", required=False)
    provider = forms.ChoiceField(label="Provider", required=False)
    field_groups = forms.MultipleChoiceField(
        label="What they may see",
        choices=disclosure.releasable_choices(),
        widget=forms.CheckboxSelectMultiple,
        help_text="A police officer or prosecutor never sees more than legal coordination, "
        "whatever is ticked here.",
    )
    purpose = forms.CharField(
        label="Why (the purpose, in the participant's words if possible)", max_length=200
    )
    starts_on = _date("Starts on")
    expires_on = _date("Ends on", "Part 2 asks for an end date. Pick the day it stops.")
    method = forms.ChoiceField(
        label="They agreed by", choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    signed_on = PastDateField(label="Date they signed or agreed")
    signature = forms.CharField(
        label="Signature", required=False, widget=SignatureWidget
    )  # its size and format: people.signature.signature_problem
    paper_reference = forms.CharField(
        label="Paper form: its reference and who holds it",
        required=False,
        max_length=200,
        help_text="For example: ROI-0142, in the locked file at the drop-in centre.",
    )
    witness = forms.ChoiceField(label="Staff witness (not you)", required=False)
    told_right_to_revoke = forms.BooleanField(
        label="I told them they can take this back at any time, and how."
    )

    def __init__(self, *args: Any, program_id: int, recorder: User | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices(
            "organization",
            [(str(o.pk), o.name) for o in q.partner_organizations(program_id)],
        )
        self._choices("role", [(r.value, r.label) for r in q.RECIPIENT_ROLES])
        self._choices(
            "provider",
            [(p.public_id, p.name) for p in q.program_providers(program_id)],
        )
        self._choices(
            "witness",
            [
                (u.public_id, u.get_full_name() or u.username)
                for u in q.possible_witnesses(program_id, recorder)
            ],
        )
        if not self.is_bound:
            today = program_today()
            self.initial.setdefault("starts_on", today)
            self.initial.setdefault("signed_on", today)
            self.initial.setdefault("expires_on", today + dt.timedelta(days=365))

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field: Any = self.fields[name]
        field.choices = [("", "Choose…"), *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("recipient_kind")
        if kind and not data.get(kind):
            self.add_error(kind, "Choose who receives the information.")
        self._clean_dates(data)
        self._clean_method(data)
        return data

    def _clean_dates(self, data: dict[str, Any]) -> None:
        today = program_today()
        starts, ends = data.get("starts_on"), data.get("expires_on")
        if starts is not None:
            earliest = today - dt.timedelta(days=START_WINDOW_DAYS)
            latest = today + dt.timedelta(days=START_WINDOW_DAYS)
            problem = window_problem(starts, start=earliest, latest=latest, what="The start")
            if problem:
                self.add_error("starts_on", problem)
        if ends is None:
            return
        if ends < today:
            self.add_error("expires_on", "This end date has already passed.")
        elif starts is not None and ends < starts:
            self.add_error("expires_on", "The end date is before the start date.")
        elif starts is not None and (ends - starts).days > LONGEST_RELEASE_DAYS:
            self.add_error("expires_on", "A release can last at most 5 years.")

    def _clean_method(self, data: dict[str, Any]) -> None:
        method = data.get("method")
        if method == ConsentMethod.SIGNED_ON_SCREEN:
            problem = signature_problem(data.get("signature") or "")
            if problem:
                self.add_error("signature", problem)
        elif method == ConsentMethod.PAPER and not (data.get("paper_reference") or "").strip():
            self.add_error("paper_reference", "Say where the signed paper form is kept.")
        elif method == ConsentMethod.VERBAL and not data.get("witness"):
            self.add_error("witness", "Choose the staff member who heard them agree.")


class RevokeForm(forms.Form):
    revoked_on = PastDateField(label="Date the participant asked to stop it")
    reason = forms.CharField(
        label="Reason (kept encrypted)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In a few words. Their choice is enough: no reason is needed from them.",
    )

    def __init__(self, *args: Any, not_before: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_before = not_before
        if not self.is_bound:
            self.initial.setdefault("revoked_on", program_today())

    def clean_revoked_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["revoked_on"]
        if day < self.not_before:
            raise forms.ValidationError(
                f"The release was recorded on {self.not_before:%-d %B %Y}: use that day or later."
            )
        return day
