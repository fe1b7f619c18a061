"""Passkeys (WebAuthn) of the participant portal: register and remove one from the home
page (signed in with the passphrase), and sign in with one on /me/signin/.

The browser side is static/openlead/passkey.js; these views answer it in JSON. A
failed sign-in counts against the account like a wrong passphrase (portal.signin: slowed,
never locked); an answer from no known passkey counts against the network, like an
unknown username. The decoy PIN stays passphrase-only: a passkey always opens the real
pages, so it is offered as the phone's screen lock, not as a way past an onlooker.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openlead.access.acting import anonymous_actor
from openlead.access.getters import refuse_missing
from openlead.access.logins import check_login_throttle, do_count_login_failure
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.participants import is_participant_session
from openlead.portal import actions, passkeys
from openlead.portal.access import own_account, own_record
from openlead.portal.models import PortalPasskey
from openlead.portal.signin import wait_seconds
from openlead.portal.views.auth import BACKEND, _account_actor

SIGNIN = "portal_signin"


def _json(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/json")


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@login_required(login_url=SIGNIN)
@require_POST
def register_options(request: HttpRequest) -> HttpResponse:
    actor, _person = own_record(request, purpose="portal passkey")
    return _json(passkeys.registration_options(request, own_account(actor)))


@login_required(login_url=SIGNIN)
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    actor, _person = own_record(request, purpose="portal passkey")
    account = own_account(actor)
    try:
        new = passkeys.verify_registration(request, passkeys.credential_of(request))
    except passkeys.PasskeyError:
        return _refused(_("Your phone's answer did not work. Nothing was added. Try again."))
    if PortalPasskey.objects.filter(credential_id=new.credential_id).exists():
        return _refused(_("This passkey is already added."))
    actions.do_register_passkey(
        account,
        credential_id=new.credential_id,
        public_key=new.public_key,
        sign_count=new.sign_count,
        transports=new.transports,
        acting=actor,
    )
    messages.success(request, _("Done. You can now sign in with your phone's screen lock."))
    return JsonResponse({"next": reverse("portal_home")})


@login_required(login_url=SIGNIN)
@require_POST
def remove(request: HttpRequest, passkey_id: str) -> HttpResponse:
    actor, _person = own_record(request, purpose="portal passkey removal")
    passkey = PortalPasskey.objects.filter(
        public_id=passkey_id[:24], account=own_account(actor)
    ).first()
    if passkey is None:
        raise refuse_missing(actor, passkey_id[:24], "portal passkey removal")
    actions.do_remove_passkey(passkey, acting=actor)
    messages.success(request, _("The passkey is removed. Your passphrase still works."))
    return redirect("portal_home")


def _signed_in_already(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return redirect("portal_home" if is_participant_session(request) else "home")
    return None


@require_POST
def signin_options(request: HttpRequest) -> HttpResponse:
    already = _signed_in_already(request)
    if already is not None:
        return already
    return _json(passkeys.authentication_options(request))


def _unknown_passkey(request: HttpRequest) -> JsonResponse:
    anonymous_actor(request, "").audit(
        action=AuditAction.LOGIN_FAILED,
        outcome=AuditOutcome.DENIED,
        purpose="portal sign-in",
        detail={"portal": True, "passkey": True, "unknown_account": True},
    )
    do_count_login_failure(request)
    words = _(
        "This passkey does not work here. Sign in with your passphrase, or ask your case manager for a new code."
    )  # noqa: E501
    return _refused(words)


@require_POST
def signin(request: HttpRequest) -> HttpResponse:
    already = _signed_in_already(request)
    if already is not None:
        return already
    try:
        credential = passkeys.credential_of(request)
    except passkeys.PasskeyError:
        return _refused(_("Your phone's answer did not work. Try again."))
    passkey = passkeys.passkey_answering(credential)
    if passkey is None or not passkey.account.user.is_active:
        if check_login_throttle(request):  # the per-network throttle, as for unknown names
            return _refused(_("Too many tries. Wait a few minutes, then try again."), 429)
        return _unknown_passkey(request)
    account = passkey.account
    seconds = wait_seconds(account)
    if seconds:
        message = _("Too many tries. Wait %(seconds)s seconds. Your account is not locked.")
        return _refused(message % {"seconds": seconds}, 429)
    acting = _account_actor(request, account)
    try:
        count = passkeys.verify_sign_in(request, credential, passkey)
    except passkeys.PasskeyError:
        actions.do_count_sign_in_failure(account, acting=acting)
        return _refused(_("Your phone's answer did not work. Try again."))
    actions.do_use_passkey(passkey, count, acting=acting)
    login(request, account.user, backend=BACKEND)
    return JsonResponse({"next": reverse("portal_home")})
