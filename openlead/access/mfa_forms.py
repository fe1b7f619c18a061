"""Forms of the MFA pages. A wrong code is a field error beside the field, never a 500."""

from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        label="Code",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class EnrolForm(CodeForm):
    """Enrolment takes only the six digits the new authenticator shows."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].label = "Six-digit code from the app"
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9 ]*"})


class MfaResetForm(forms.Form):
    reason = forms.CharField(
        min_length=5,
        max_length=200,
        label="Reason",
        help_text="For the audit log, e.g. \u201clost phone, confirmed by phone call\u201d.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
