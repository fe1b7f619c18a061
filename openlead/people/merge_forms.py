"""Forms of the merge pages (kept apart from people/forms.py, which other pages own)."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from openlead.access.models import new_public_id

ID_LENGTH = len(new_public_id())
PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]+$")  # secrets.token_urlsafe's alphabet


class MergeStartForm(forms.Form):
    """The other record, by its id (from the duplicate candidates or the person's page)."""

    other = forms.CharField(
        label="The other record's id",
        max_length=200,
        help_text="The id at the end of the other record's address, e.g. …/people/Ab12Cd34/.",
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )

    def clean_other(self) -> str:
        value = str(self.cleaned_data["other"]).strip().rstrip("/").rsplit("/", 1)[-1]
        if not PUBLIC_ID.match(value) or len(value) > ID_LENGTH + 8:
            raise forms.ValidationError("That is not a record id: copy it from the record.")
        return value


class MergeChoiceForm(forms.Form):
    """Per field where both records hold different values: which one survives."""

    confirm = forms.BooleanField(
        label="I have checked: these two records are the same person",
        error_messages={"required": "Tick this once you have checked both records."},
    )

    def __init__(
        self, *args: Any, conflicts: list[tuple[str, str, str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, label, mine, theirs in conflicts:
            self.fields[f"keep_{name}"] = forms.ChoiceField(
                label=label,
                choices=[("survivor", f"Keep “{mine}”"), ("absorbed", f"Use “{theirs}”")],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose which value to keep."},
            )
        self.order_fields([*(f"keep_{c[0]}" for c in conflicts), "confirm"])

    def choices(self) -> dict[str, str]:
        data = self.cleaned_data
        return {k.removeprefix("keep_"): v for k, v in data.items() if k.startswith("keep_")}
