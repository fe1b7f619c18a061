"""Releases of information (ROI) as a workflow (issue 11, 42 CFR Part 2): record one, its
plain-language summary to print, revoke it with a reason, and the accounting of
disclosures the participant may ask for.

Recording and revoking are for those who write the LEGAL group (the care team); the
summary and the accounting for those who read casework. Everyone else gets the audited
403, out of scope the audited 404 (casework.access).
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openlead.access.roles import FieldGroup
from openlead.access.stepup import step_up_required
from openlead.casework.access import audited_read, casework_person, child
from openlead.casework.actions.consents import ReleaseDraft, check_record_release
from openlead.casework.actions.consents import check_revoke_release as revoke
from openlead.casework.consent_forms import RecipientKind, ReleaseForm, RevokeForm
from openlead.casework.queries import consents as q
from openlead.casework.queries import person_title
from openlead.casework.views._common import add_errors, render_form_page
from openlead.people import disclosure

G = FieldGroup


def _draft(form: ReleaseForm) -> ReleaseDraft:
    data = form.cleaned_data
    kind = data["recipient_kind"]
    return ReleaseDraft(
        field_groups=list(data["field_groups"]),
        purpose=data["purpose"],
        starts_on=data["starts_on"],
        expires_on=data["expires_on"],
        method=data["method"],
        signed_on=data["signed_on"],
        organization_id=int(data["organization"]) if kind == RecipientKind.ORGANIZATION else None,
        role=data["role"] if kind == RecipientKind.ROLE else "",
        provider_id=data["provider"] if kind == RecipientKind.PROVIDER else "",
        signature=data.get("signature") or "",
        paper_reference=data.get("paper_reference") or "",
        witness_id=data.get("witness") or "",
    )


def _saved(sent: int) -> str:
    if sent == 0:
        return "Release saved."
    links = "waiting service link was" if sent == 1 else "waiting service links were"
    return f"Release saved. {sent} {links} sent."


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "record release"
    actor, person, groups = casework_person(
        request, public_id, group=G.LEGAL, purpose=purpose, write=True
    )
    writing = request.method == "POST"
    form = ReleaseForm(
        request.POST if writing else None, program_id=person.program_id, recorder=actor.user
    )
    if writing and form.is_valid():
        try:
            recorded = check_record_release(person, _draft(form), acting=actor)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _saved(len(recorded.sent)))
            return redirect(
                "casework_consent_summary",
                public_id=person.public_id,
                consent_id=recorded.consent.public_id,
            )
    context = {"form": form, "meanings": disclosure.RELEASABLE}
    return render_form_page(
        request,
        actor,
        person,
        groups,
        "casework/consent_form.html",
        context,
        purpose=purpose,
        status=400 if writing else 200,
    )


@login_required
@require_GET
def consent_summary(request: HttpRequest, public_id: str, consent_id: str) -> HttpResponse:
    purpose = "release summary"
    actor, person, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose=purpose
    )
    consent = child(actor, q.releases_of(person), consent_id, purpose=purpose)
    with audited_read(actor, person, {G.LEGAL, G.IDENTITY} & groups, purpose=purpose):
        opened = q.open_release(consent)
        name = person_title(person, groups)
    context = {
        "person": person,
        "name": name,
        "r": opened,
        "c": consent,
        "recipient": disclosure.recipient_text(consent),
        "groups": disclosure.plain_groups(consent.field_groups),
        "can_revoke": G.LEGAL in actor.rule.write,
    }
    return render(request, "casework/consent_summary.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request: HttpRequest, public_id: str, consent_id: str) -> HttpResponse:
    purpose = "revoke release"
    actor, person, groups = casework_person(
        request, public_id, group=G.LEGAL, purpose=purpose, write=True
    )
    consent = child(actor, person.consents.all(), consent_id, purpose=purpose)
    writing = request.method == "POST"
    not_before = timezone.localdate(consent.created_at)  # the program's day, not UTC's
    form = RevokeForm(request.POST if writing else None, not_before=not_before)
    if writing and form.is_valid():
        try:
            revoke(consent, acting=actor, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                f"Release to {disclosure.recipient_text(consent)} revoked. It stopped at once.",
            )
            return redirect("person_detail", public_id=person.public_id)
    context = {"form": form, "c": consent, "recipient": disclosure.recipient_text(consent)}
    return render_form_page(
        request,
        actor,
        person,
        groups,
        "casework/consent_revoke.html",
        context,
        purpose=purpose,
        status=400 if writing else 200,
    )


def _is_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


@login_required
@require_GET
@step_up_required(when=_is_csv)  # participant data leaving as a file: a fresh second factor
def consent_accounting(request: HttpRequest, public_id: str) -> HttpResponse:
    purpose = "accounting of disclosures"
    actor, person, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose=purpose
    )
    export = _is_csv(request)
    rows = q.accounting(actor, person, export=export, groups={G.IDENTITY} & groups)
    if export:
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="disclosures-{person.public_id}.csv"'
        )
        writer = csv.writer(response)
        # The 42 CFR 2.32 notice travels with the file: it lists Part 2 disclosures.
        for paragraph in disclosure.NOTICE_PARAGRAPHS:
            writer.writerow([paragraph])
        writer.writerow([])
        writer.writerow(q.ACCOUNTING_COLUMNS)
        writer.writerows(rows)
        return response
    name = person_title(person, groups)  # the event above names IDENTITY when it shows
    # One card per disclosure (a table of six columns does not fit a phone).
    entries = [list(zip(q.ACCOUNTING_COLUMNS, row, strict=True)) for row in rows]
    context = {"person": person, "name": name, "entries": entries}
    return render(request, "casework/consent_accounting.html", context)
