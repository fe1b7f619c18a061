"""Enrolment with a one-time code, and the participant's sign-in (slowed, never locked).

Anonymous pages: the actor is the system (no account yet) or the account itself. Every
failure is audited, a typed code or passphrase never is.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openlead.access.acting import Actor, anonymous_actor
from openlead.access.logins import check_login_throttle, do_count_login_failure
from openlead.access.middleware import request_id_of
from openlead.access.models import AuditAction, AuditOutcome, User
from openlead.access.participants import is_participant_session
from openlead.access.roles import Role
from openlead.portal import actions
from openlead.portal.forms import EnrolForm, SignInForm
from openlead.portal.models import PortalAccount
from openlead.portal.signin import Outcome, account_named, decide, wait_seconds

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _throttled(request: HttpRequest, minutes: int) -> HttpResponse:
    return render(request, "portal/wait.html", {"minutes": minutes, "seconds": 0}, status=429)


def _refuse_code(request: HttpRequest, form: EnrolForm) -> HttpResponse:
    with_network = anonymous_actor(request, "portal enrolment")
    with_network.audit(
        action=AuditAction.LOGIN_FAILED, outcome=AuditOutcome.DENIED, purpose="portal enrolment"
    )
    do_count_login_failure(request)
    form.add_error("code", _("This code does not work. It may be used, replaced or too old."))
    return render(request, "portal/enrol.html", {"form": form}, status=400)


def _username_taken(username: str, account: PortalAccount | None) -> bool:
    taken = User.objects.filter(username=username)
    if account is not None:
        taken = taken.exclude(pk=account.user_id)
    return taken.exists()


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal_home" if is_participant_session(request) else "home")
    form = EnrolForm(request.POST or None)
    if request.method != "POST":
        return render(request, "portal/enrol.html", {"form": form})
    wait = check_login_throttle(request)
    if wait:
        return _throttled(request, wait)
    if not form.is_valid():
        return render(request, "portal/enrol.html", {"form": form}, status=400)
    code = actions.usable_code(form.cleaned_data["code"])
    if code is None:
        return _refuse_code(request, form)
    account = PortalAccount.objects.filter(person=code.person).first()
    username = form.cleaned_data["username"]
    if _username_taken(username, account):
        form.add_error("username", _("Someone already uses this username. Choose another."))
        return render(request, "portal/enrol.html", {"form": form}, status=400)
    acting = Actor.system(username, code.person.program_id, request_id=request_id_of(request))
    user = actions.do_enrol(
        code, username=username, passphrase=form.cleaned_data["passphrase"], acting=acting
    )
    login(request, user, backend=BACKEND)
    messages.success(
        request, _("You are signed up. Your username is %(name)s.") % {"name": user.username}
    )
    return redirect("portal_home")


def _account_actor(request: HttpRequest, account: PortalAccount) -> Actor:
    return Actor.of(
        account.user,
        Role.PARTICIPANT,
        account.person.program_id,
        request_id=request_id_of(request),
        path=request.path,
    )


def _wrong(request: HttpRequest, form: SignInForm, account: PortalAccount | None) -> HttpResponse:
    if account is None:
        system = anonymous_actor(request, "")
        system.audit(
            action=AuditAction.LOGIN_FAILED,
            outcome=AuditOutcome.DENIED,
            purpose="portal sign-in",
            detail={"portal": True, "unknown_account": True},
        )
        do_count_login_failure(request)  # a spray of names: the per-network throttle
    else:
        actions.do_count_sign_in_failure(account, acting=_account_actor(request, account))
    form.add_error(None, _("That username and passphrase do not match. Try again."))
    return render(request, "portal/signin.html", {"form": form}, status=400)


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal_home" if is_participant_session(request) else "home")
    form = SignInForm(request.POST or None)
    if request.method != "POST":
        return render(request, "portal/signin.html", {"form": form})
    if not form.is_valid():
        return render(request, "portal/signin.html", {"form": form}, status=400)
    account = account_named(form.cleaned_data["username"])
    if account is None:
        wait = check_login_throttle(request)
        return _throttled(request, wait) if wait else _wrong(request, form, None)
    seconds = wait_seconds(account)
    if seconds:
        context = {"seconds": seconds, "minutes": 0}
        return render(request, "portal/wait.html", context, status=429)
    outcome = decide(account, form.cleaned_data["passphrase"])
    if outcome is Outcome.DECOY:
        actions.do_record_decoy_sign_in(acting=_account_actor(request, account))
        return decoy(request)
    if outcome is Outcome.WRONG:
        return _wrong(request, form, account)
    actions.do_clear_sign_in_failures(account, acting=_account_actor(request, account))
    login(request, account.user, backend=BACKEND)
    return redirect("portal_home")


def decoy(request: HttpRequest) -> HttpResponse:
    """The harmless screen a decoy PIN opens: nothing about the program, no links into it."""
    return render(request, "portal/decoy.html")
