"""The casework page's longer forms, each also on a page of its own (issue 16).

The casework page rendered every form it offers on every load: about 300 widgets with
their choice lists, 21 ms of a 41 ms template. The quick actions (status buttons, the
goal status, service links, the enrollment changes, the safety flag) stay on the page;
the forms here sit in a <details> that loads the form from its own page when opened
(static/openlead/lazy-forms.js), and links to that page for a browser without
JavaScript. Each form posts to its write view, which goes back to the casework page with
its message, or shows the casework page again with this form open and its errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from openlead.access.roles import FieldGroup
from openlead.casework import forms as f
from openlead.people.models import Person


@dataclass(frozen=True)
class FormPage:
    key: str  # the form's key on the casework page (the failed form's, PersonPost.rejected)
    title: str  # the <summary> on the casework page, the heading on its own page
    link: str  # the link to its own page, for a browser without JavaScript
    page_url: str  # URL name of its own page
    action_url: str  # URL name of the write it posts to
    button: str
    section: str  # its section's id on the casework page, where "Back to casework" goes
    group: FieldGroup  # the field group the write needs (its view's person_post)
    purpose: str  # the audit purpose, the write's own
    build: Callable[[Person], forms.Form]


FORM_PAGES = {
    page.key: page
    for page in (
        FormPage(
            "appointment",
            "Add an appointment",
            "Open the appointment form",
            "casework_appointment_form",
            "casework_appointment_add",
            "Add appointment",
            "appointments",
            FieldGroup.CASEWORK_NOTES,
            "add appointment",
            lambda person: f.AppointmentForm(program=person.program),
        ),
        FormPage(
            "goal",
            "Add a goal",
            "Open the goal form",
            "casework_goal_form",
            "casework_goal_add",
            "Add goal",
            "plan",
            FieldGroup.CASEWORK_NOTES,
            "add goal",
            lambda person: f.GoalForm(),
        ),
        FormPage(
            "funds",
            "Request flexible funds",
            "Open the funds request form",
            "casework_funds_form",
            "casework_funds_request",
            "Request funds",
            "funds",
            FieldGroup.FUNDS,
            "flexible funds request",
            lambda person: f.FundsForm(),
        ),
    )
}
