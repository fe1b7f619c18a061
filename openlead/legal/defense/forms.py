"""The note channel's form: one text field, its limit said beside it."""

from __future__ import annotations

from django import forms

from openlead.legal.defense.actions import NOTE_MAX_CHARS, note_problem


class DefenseNoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        required=False,  # the action's sentence is the one shown, not Django's
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Up to {NOTE_MAX_CHARS:,} characters. The defense and the care team read it;"
            " the prosecutor and the police never do."
        ),
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data.get("text") or "")
        problem = note_problem(text)
        if problem:
            raise forms.ValidationError(problem)
        return text
