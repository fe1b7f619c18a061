"""The token form on the program admin's page."""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.access.models import Membership
from openlead.api.actions import MAX_DAYS, NOT_FOR_TOKENS
from openlead.api.models import Scope


def _label(membership: Membership) -> str:
    user = membership.user
    return f"{user.get_full_name() or user.username} · {membership.get_role_display()}"


class TokenForm(forms.Form):
    name = forms.CharField(label="Integration name", max_length=80)
    membership = forms.ModelChoiceField(
        label="Acts as", queryset=Membership.objects.none(), empty_label=None
    )
    scopes = forms.MultipleChoiceField(
        label="Scopes", choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(
        label="Expires after (days)", min_value=1, max_value=MAX_DAYS, initial=90
    )

    def __init__(self, *args: Any, program_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Membership.objects.filter(program_id=program_id, active=True, user__is_active=True)
            .exclude(role__in=[str(r) for r in NOT_FOR_TOKENS])
            .select_related("user")
            .order_by("user__username", "role")
        )
        field.label_from_instance = _label  # type: ignore[method-assign,assignment]
