"""The caseload's search, filters and sort (casework.views.lists.caseload).

Filters and sort travel in the GET query string (they are codes, not names); the name
search is only ever read from a POST body, so a name never lands in a URL, a browser
history or a server log.
"""

from __future__ import annotations

from typing import Any

from django import forms

from openlead.casework.queries.caseload import (
    NO_CONTACT_DAYS,
    CaseloadFilters,
)

STATUS_CHOICES = [
    ("", "Any status"),
    ("active", "Active"),
    ("inactive", "Inactive"),
    ("referred", "Referred (not yet enrolled)"),
]
NO_CONTACT_CHOICES = [("", "Any time")] + [
    (str(d), f"No contact in {d} days") for d in NO_CONTACT_DAYS
]
SORT_CHOICES = [
    ("last_contact", "Last contact (oldest first)"),
    ("name", "Name"),
    ("next_appointment", "Next appointment (soonest first)"),
    ("referral", "Referral date (newest first)"),
]

SORT_SUMMARY = {
    "last_contact": "oldest contact first",
    "name": "by name",
    "next_appointment": "soonest appointment first",
    "referral": "newest referral first",
}

# The filter fields, in the order of the GET query string.
FILTER_FIELDS = ("no_contact", "status", "due", "consent", "sort")


class CaseloadForm(forms.Form):
    q = forms.CharField(
        label="Name or nickname",
        required=False,
        max_length=60,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text="Part of a name is enough.",
    )
    no_contact = forms.TypedChoiceField(
        label="Last contact",
        choices=NO_CONTACT_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, required=False)
    due = forms.BooleanField(label="Monthly status due", required=False)
    consent = forms.BooleanField(label="Release ends within 30 days", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, names: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not names:  # a role that cannot read names can neither search nor sort by them
            del self.fields["q"]
            sort = self.fields["sort"]
            assert isinstance(sort, forms.ChoiceField)
            sort.choices = [c for c in SORT_CHOICES if c[0] != "name"]

    def clean_q(self) -> str:
        name: str = self.cleaned_data.get("q", "")
        if name and not any(c.isalnum() for c in name):
            raise forms.ValidationError("Type part of a name: letters or numbers.")
        return name

    def filters(self) -> CaseloadFilters:
        """What to show: the valid parts of the form; a bad value falls back to its default
        (the form shows the error beside the field)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return CaseloadFilters(
            name=data.get("q") or "",
            no_contact_days=data.get("no_contact"),
            status=data.get("status") or "",
            status_due=bool(data.get("due")),
            consent_expiring=bool(data.get("consent")),
            sort=data.get("sort") or "last_contact",
        )


def filter_query(filters: CaseloadFilters) -> dict[str, str]:
    """The GET parameters for these filters (never the name); defaults left out."""
    values = {
        "no_contact": str(filters.no_contact_days or ""),
        "status": filters.status,
        "due": "on" if filters.status_due else "",
        "consent": "on" if filters.consent_expiring else "",
        "sort": "" if filters.sort == "last_contact" else filters.sort,
    }
    return {k: values[k] for k in FILTER_FIELDS if values[k]}


def describe(filters: CaseloadFilters) -> list[str]:
    """The filters in force, in words, for the line above the list (the name is not repeated)."""
    words = [f"no contact in {filters.no_contact_days} days"] if filters.no_contact_days else []
    if filters.status:
        words.append(dict(STATUS_CHOICES)[filters.status].split(" (")[0].lower())
    if filters.status_due:
        words.append("monthly status due")
    if filters.consent_expiring:
        words.append("release ends within 30 days")
    return words
