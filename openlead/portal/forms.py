"""The portal's forms: enrolment, sign-in, the decoy PIN, a correction, a deletion request.

Every message is in plain words and marked for translation; errors stand beside their field.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openlead.access.models import User
from openlead.portal import codes

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,29}$")
PIN = re.compile(r"^[0-9]{4,8}$")


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        help_text=_("12 letters and numbers from your case manager, like ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    username = forms.CharField(
        label=_("Choose a username"),
        max_length=30,
        help_text=_("3 to 30 small letters or numbers. Do not use your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    passphrase = forms.CharField(
        label=_("Choose a passphrase"),
        strip=False,
        help_text=_("Four or more words you can remember, like “blue kettle sings loud”."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    passphrase_again = forms.CharField(
        label=_("Type the passphrase again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_code(self) -> str:
        typed = self.cleaned_data["code"]
        if not codes.normalized(typed):
            raise ValidationError(_("A code has 12 letters and numbers. Check it and try again."))
        return str(typed)

    def clean_username(self) -> str:
        name = str(self.cleaned_data["username"]).strip().lower()
        if not USERNAME.match(name):
            raise ValidationError(
                _("Use 3 to 30 small letters or numbers (dots and dashes are ok).")
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("passphrase"), data.get("passphrase_again")
        if first and second and first != second:
            self.add_error("passphrase_again", _("The two passphrases are not the same."))
        elif first and "username" in data:
            try:
                password_validation.validate_password(first, User(username=data["username"]))
            except ValidationError as exc:
                self.add_error("passphrase", exc)
        return data


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    passphrase = forms.CharField(
        label=_("Passphrase"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class DecoyPinForm(forms.Form):
    pin = forms.CharField(
        label=_("Decoy PIN"),
        required=False,
        max_length=8,
        help_text=_("4 to 8 numbers. Leave it empty to turn the decoy off."),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_pin(self) -> str:
        pin = str(self.cleaned_data["pin"]).strip()
        if pin and not PIN.match(pin):
            raise ValidationError(_("Use 4 to 8 numbers, nothing else."))
        return pin


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("What is wrong, and what should it say?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if len(text) < 3:
            raise ValidationError(_("Write a few words, please."))
        return text


class DeletionForm(forms.Form):
    reason = forms.CharField(
        label=_("Anything you want to tell us (you do not have to)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, I want my record deleted."),
        error_messages={"required": _("Tick the box to say you are sure.")},
    )
