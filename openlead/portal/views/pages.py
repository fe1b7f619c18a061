"""The participant's own pages. Each starts with portal.access.own_record (the audited
getter over their own record), then one query or one action, in plain words."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openlead.access.getters import refuse_missing
from openlead.access.roles import FieldGroup
from openlead.casework.queries.consents import accounting
from openlead.legal.demands.queries import notices_for, withheld_from_participant
from openlead.people import vault
from openlead.people.actions import do_revoke_consent
from openlead.portal import actions, queries
from openlead.portal.access import BASE_GROUPS, note_groups, own_account, own_record
from openlead.portal.forms import CorrectionForm, DecoyPinForm, DeletionForm
from openlead.portal.requests import deletion_requested, request_deletion

G = FieldGroup
SIGNIN = "portal_signin"
HOME_GROUPS = sorted(BASE_GROUPS)


def _show(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"portal/{template}", context, status=status)


@login_required(login_url=SIGNIN)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor, person = own_record(request, purpose="portal home", groups=HOME_GROUPS)
    dek = vault.data_key(person.public_id)
    with_notes = G.CASEWORK_NOTES in note_groups(person)
    context = {
        "status": queries.status_words(person),
        "manager": queries.case_manager(person),
        "goals": queries.goals(person, dek),
        "appointments": queries.appointments(person, dek, with_notes=with_notes),
        "court_dates": queries.court_dates(person),
        "passkeys": list(own_account(actor).passkeys.all()),
    }
    return _show(request, "home.html", context)


@login_required(login_url=SIGNIN)
@require_GET
def releases(request: HttpRequest) -> HttpResponse:
    actor, person = own_record(request, purpose="portal releases", groups=[G.LEGAL])
    return _show(request, "releases.html", {"releases": queries.releases(person)})


@login_required(login_url=SIGNIN)
@require_POST
def revoke(request: HttpRequest, consent_id: str) -> HttpResponse:
    actor, person = own_record(request, purpose="portal revoke release", groups=[G.LEGAL])
    consent = queries.release_of(person, consent_id)
    if consent is None:
        raise refuse_missing(actor, consent_id, "portal revoke release")
    if consent.revoked_at is not None:
        messages.info(request, _("This release was already stopped."))
        return redirect("portal_releases")
    do_revoke_consent(consent, acting=actor)
    messages.success(request, _("Done. This release is stopped from now on."))
    return redirect("portal_releases")


@login_required(login_url=SIGNIN)
@require_GET
def disclosures(request: HttpRequest) -> HttpResponse:
    actor, person = own_record(request, purpose="portal disclosures", groups=[G.LEGAL])
    rows = accounting(actor, person, export=False, withheld=withheld_from_participant(person))
    # The notices of court-ordered disclosures (legal.demands), from the day the order
    # lets the participant be told; this page's READ event (own_record) covers them.
    notices = notices_for(person)
    return _show(request, "disclosures.html", {"rows": rows, "notices": notices})


@login_required(login_url=SIGNIN)
@require_GET
def who_read(request: HttpRequest) -> HttpResponse:
    actor, person = own_record(request, purpose="portal who read my record")
    lines = queries.who_read(person, actor.user.pk)
    context = {"lines": lines, "names": person.program.portal_shows_staff_names}
    return _show(request, "who_read.html", context)


@login_required(login_url=SIGNIN)
@require_GET
def notes(request: HttpRequest) -> HttpResponse:
    actor, person = own_record(request, purpose="portal notes", notes=True)
    groups = note_groups(person)
    rows = queries.notes(person, vault.data_key(person.public_id), groups)
    return _show(request, "notes.html", {"notes": rows, "withheld": G.HEALTH not in groups})


@login_required(login_url=SIGNIN)
@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest) -> HttpResponse:
    actor, person = own_record(request, purpose="portal correction request")
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_request_correction(person, form.cleaned_data["text"], acting=actor)
        messages.success(request, _("Thank you. Your case manager will see your request."))
        return redirect("portal_correction")
    dek = vault.data_key(person.public_id)
    context = {"form": form, "requests": queries.corrections(person, dek)}
    return _show(request, "correction.html", context, status=400 if form.is_bound else 200)


@login_required(login_url=SIGNIN)
@require_http_methods(["GET", "POST"])
def deletion(request: HttpRequest) -> HttpResponse:
    actor, person = own_record(request, purpose="portal deletion request")
    form = DeletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request_deletion(person, acting=actor, reason=form.cleaned_data["reason"])
        messages.success(request, _("We got your request. Your case manager will talk with you."))
        return redirect("portal_deletion")
    context = {"form": form, "requested": deletion_requested(person)}
    return _show(request, "deletion.html", context, status=400 if form.is_bound else 200)


@login_required(login_url=SIGNIN)
@require_http_methods(["GET", "POST"])
def safety(request: HttpRequest) -> HttpResponse:
    actor, person = own_record(request, purpose="portal safety settings")
    account = own_account(actor)
    form = DecoyPinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pin = form.cleaned_data["pin"]
        actions.do_set_decoy_pin(account, pin, acting=actor)
        done = _("Your decoy PIN is set.") if pin else _("The decoy PIN is off.")
        messages.success(request, done)
        return redirect("portal_safety")
    context = {"form": form, "has_decoy": bool(account.decoy_pin_hash)}
    return _show(request, "safety.html", context, status=400 if form.is_bound else 200)
