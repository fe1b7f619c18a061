"""The MFA pages: enrol at first login, recovery codes, verify, step-up, and reset.

Thin views: the checks and audit events are in access.mfa; the session bookkeeping in
access.stepup. The first four pages are the only ones a password-only session reaches
(access.mfa_gate).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openlead.access.actions.accounts import covers_account
from openlead.access.actions.mfa import (
    do_confirm_enrolment,
    do_reset_mfa,
    do_verify_mfa,
    pending_totp,
    refuse_mfa_reset,
)
from openlead.access.helpers import Actor, current_actor, require
from openlead.access.mfa import confirmed_totp, mfa_enforced, qr_data_uri, secret_text
from openlead.access.mfa_forms import CodeForm, EnrolForm, MfaResetForm
from openlead.access.models import User
from openlead.access.owner import owner_actor
from openlead.access.policy import Capability
from openlead.access.queries import account_in_program
from openlead.access.stepup import is_verified, mark_verified, safe_next, step_up_required

NEW_CODES_KEY = "openlead_mfa_new_codes"


def _acting(request: HttpRequest) -> Actor:
    """The acting user, with their role when they have one (a new user may have none)."""
    try:
        return current_actor(request)
    except PermissionDenied:
        return owner_actor(request)


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    if not mfa_enforced() or confirmed_totp(request.user) is not None:
        return redirect("mfa_verify")
    device = pending_totp(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        codes, error = do_confirm_enrolment(device, code, acting=_acting(request))
        if not error:
            device.refresh_from_db()
            mark_verified(request, device)
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, "Your authenticator app is set up.")
            return redirect("mfa_recovery_codes")
        form.add_error("code", error)
    context = {"form": form, "qr": qr_data_uri(device), "secret": secret_text(device)}
    return render(request, "access/mfa_enrol.html", context)


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shown once: the codes leave the session when the user says they have saved them."""
    codes = request.session.get(NEW_CODES_KEY)
    if request.method == "POST":
        request.session.pop(NEW_CODES_KEY, None)
        messages.success(request, "Recovery codes saved. Each one works once.")
        return redirect("home")
    return render(request, "access/mfa_recovery_codes.html", {"codes": codes or []})


def _code_page(request: HttpRequest, *, step: str, template: str) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = do_verify_mfa(form.cleaned_data["code"], acting=_acting(request), step=step)
        if result.device is not None:
            mark_verified(request, result.device)
            if result.method == "recovery_code":
                messages.warning(request, "You used a recovery code; it will not work again.")
            return redirect(next_url)
        form.add_error("code", result.error)
    # "Go back" leaves out the query: for ?format=csv that is the page, not the export again.
    back = next_url.split("?")[0]
    return render(request, template, {"form": form, "next": next_url, "back": back})


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if not mfa_enforced() or is_verified(request):
        return redirect(safe_next(request, request.GET.get("next")))
    if confirmed_totp(request.user) is None:
        return redirect("mfa_enrol")
    return _code_page(request, step="sign-in", template="access/mfa_verify.html")


@login_required
def step_up(request: HttpRequest) -> HttpResponse:
    if not is_verified(request):
        return redirect(f"{reverse('mfa_verify')}?next={reverse('home')}")
    return _code_page(request, step="step-up", template="access/mfa_step_up.html")


def _member_of_program(request: HttpRequest, actor: Actor, public_id: str) -> User:
    """A user in the actor's program whose account the actor covers (access.grants): a
    reset is a new way in. Anyone outside the program is the same 404 as no such user."""
    target = account_in_program(actor.program_id, public_id)
    if target is not None and target.pk != request.user.pk and covers_account(actor, target):
        return target
    # Resetting one's own MFA would let a password alone re-enrol; another's data account
    # is a program admin's to reset.
    refuse_mfa_reset(actor, target, covered=target is None or target.pk == request.user.pk)
    if target is None:
        raise Http404("No such user.")
    raise PermissionDenied


@login_required
@step_up_required
def reset(request: HttpRequest, public_id: str) -> HttpResponse:
    actor = require(request, Capability.MANAGE_USERS, purpose="reset MFA")
    target = _member_of_program(request, actor, public_id[:24])
    form = MfaResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_reset_mfa(target, acting=actor, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            f"MFA reset for {target.username}: signed out everywhere, enrols at next login.",
        )
        return redirect("mfa_reset", public_id=target.public_id)
    has_device = confirmed_totp(target) is not None
    return render(
        request, "access/mfa_reset.html", {"form": form, "target": target, "has_device": has_device}
    )
