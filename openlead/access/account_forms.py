"""Forms of the account pages. Which roles a form offers comes from access.grants."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from openlead.access.grants import DATA_FREE_ROLES, may_request
from openlead.access.models import Membership
from openlead.access.roles import Role
from openlead.programs.models import Organization

REASON_HELP = "Kept in the audit log with your name."


def role_choices(actor_role: str) -> list[tuple[str, str]]:
    """Data-free roles for every account manager; every role for a program admin."""
    return [(r.value, r.label) for r in Role if r in DATA_FREE_ROLES or may_request(actor_role, r)]


def offer_roles(field: forms.Field, actor_role: str) -> None:
    """Show the roles this actor may give, but accept any role, so that a posted data
    role reaches the action, which refuses it and audits the attempt."""
    # No role is preselected: a form that defaults to "Program admin" invites mistakes.
    field.choices = [("", "Choose a role"), *((r.value, r.label) for r in Role)]  # type: ignore[attr-defined]
    field.widget.choices = [("", "Choose a role"), *role_choices(actor_role)]


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_length", 5)
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", REASON_HELP)
        kwargs.setdefault(
            "error_messages",
            {"required": "Say why (a few words).", "min_length": "Say why in a few more words."},
        )
        super().__init__(**kwargs)


class NewAccountForm(forms.Form):
    username = forms.RegexField(
        regex=r"^[a-z0-9_.-]{2,40}$",
        max_length=40,
        error_messages={
            "invalid": "Use 2-40 lower-case letters, digits, dots, dashes or underscores."
        },
    )
    full_name = forms.CharField(max_length=150)
    work_phone = forms.CharField(max_length=40, required=False)
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"), empty_label="Choose an organization"
    )
    role = forms.ChoiceField(choices=[])
    reason = ReasonField(label="Why this person needs this role")

    def __init__(self, *args: Any, actor_role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_roles(self.fields["role"], actor_role)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username


class ReasonForm(forms.Form):
    reason = ReasonField()


class GrantForm(forms.Form):
    role = forms.ChoiceField(choices=[], label="Role to give")
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"), empty_label="Choose an organization"
    )
    replaces = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        label="Instead of (a role change)",
        empty_label="Keep the current roles",
    )
    reason = ReasonField()

    def __init__(self, *args: Any, actor_role: str, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_roles(self.fields["role"], actor_role)
        self.fields["replaces"].queryset = memberships  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("refuse", "Refuse")])
    reason = ReasonField()
