"""Account management pages: program admins and the system administrator.

Thin views: `require` (audited 403), the account through the program's accounts
(audited 404 outside it), then one action from access.actions.accounts, then redirect with a
success message. The one-time set-password link is shown once, on the account's page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openlead.access import queries
from openlead.access.account_forms import DecideForm, GrantForm, NewAccountForm, ReasonForm
from openlead.access.actions import accounts as acts
from openlead.access.getters import refuse_missing
from openlead.access.helpers import Actor, require
from openlead.access.models import RoleGrant, User
from openlead.access.owner import owner_actor
from openlead.access.policy import Capability
from openlead.access.stepup import step_up_required

LIFECYCLE = {
    "deactivate": (acts.do_deactivate_account, "Account deactivated: every session has ended."),
    "reactivate": (acts.do_reactivate_account, "Account active again."),
    "reset-password": (acts.do_reset_password, "Password reset: give the person the new link."),
    "unlock": (acts.do_unlock_account, "Lockout released."),
}


def _account_for(request: HttpRequest, public_id: str, purpose: str) -> tuple[Actor, User]:
    actor = require(request, Capability.MANAGE_USERS, purpose=purpose)
    user = queries.account_in_program(actor.program_id, public_id)
    if user is None:
        raise refuse_missing(actor, public_id, purpose, "No such account.")
    return actor, user


def _remember_link(request: HttpRequest, issued: acts.Issued | None) -> None:
    """Shown once on the account page, then gone (never in a message cookie)."""
    if issued is None:
        return
    url = request.build_absolute_uri(reverse("set_password", args=[issued.token]))
    local = timezone.localtime(issued.expires_at)  # the program's zone (ProgramTimeZoneMiddleware)
    request.session["issued_link"] = {
        "account": issued.user.public_id,
        "url": url,
        "expires": f"{local:%Y-%m-%d %H:%M} {local.tzname()}",
    }


def _users_context(actor: Actor, form: Any) -> dict[str, Any]:
    accounts = queries.accounts_in_program(actor.program_id).order_by("username")
    return {
        "form": form,
        "accounts": accounts.prefetch_related("memberships"),
        "pending": queries.pending_grants(actor.program_id),
        "actor": actor,
    }


def _posting(request: HttpRequest) -> bool:
    return request.method == "POST"


# New ways into an account: a fresh second factor first (issue 12, step-up).
NEW_WAY_IN = frozenset({"reactivate", "reset-password"})


def _new_way_in(request: HttpRequest) -> bool:
    return any(f"/{change}/" in request.path for change in NEW_WAY_IN)


@login_required
@require_http_methods(["GET", "POST"])
@step_up_required(when=_posting)  # a role grant (issue 12): fresh MFA first
def users(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.MANAGE_USERS, purpose="manage users")
    form = NewAccountForm(request.POST or None, actor_role=actor.role)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued, grant = acts.check_create_account(
                acting=actor,
                username=data["username"],
                full_name=data["full_name"],
                work_phone=data["work_phone"],
                organization=data["organization"],
                role=data["role"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            _remember_link(request, issued)
            done = "waits for a second program admin to approve the role" if grant else "is ready"
            messages.success(request, f"Account {issued.user.username} created; it {done}.")
            return redirect("user_detail", public_id=issued.user.public_id)
    status = 400 if form.is_bound else 200
    return render(request, "access/users.html", _users_context(actor, form), status=status)


def _detail_context(request: HttpRequest, actor: Actor, user: User, **forms: Any) -> dict[str, Any]:
    link = request.session.pop("issued_link", None)
    memberships = queries.active_memberships(user)
    return {
        "account": user,
        "actor": actor,
        "memberships": memberships,
        "grants": queries.grants_of(user),
        "link": link if link and link.get("account") == user.public_id else None,
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "grant_form": forms.get("grant_form")
        or GrantForm(actor_role=actor.role, memberships=memberships),
        "error": forms.get("error", ""),
        "is_self": user.pk == actor.user.pk,
    }


@login_required
@require_GET
def user_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, user = _account_for(request, public_id, "account page")
    return render(request, "access/user_detail.html", _detail_context(request, actor, user))


def _refused(
    request: HttpRequest, actor: Actor, user: User, error: str, status: int, **forms: Any
) -> HttpResponse:
    context = _detail_context(request, actor, user, error=error, **forms)
    return render(request, "access/user_detail.html", context, status=status)


@login_required
@require_POST
@step_up_required(when=_new_way_in)
def user_change(request: HttpRequest, public_id: str, change: str) -> HttpResponse:
    actor, user = _account_for(request, public_id, f"account {change}")
    if change not in LIFECYCLE:
        raise refuse_missing(actor, change, f"account {change}", "No such change.")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _refused(request, actor, user, "Say why first.", 400, reason_form=form)
    action, done = LIFECYCLE[change]
    try:
        result = action(
            user,
            acting=actor,
            reason=form.cleaned_data["reason"],
        )
    except PermissionDenied as exc:
        return _refused(request, actor, user, str(exc), 403)
    _remember_link(request, result if isinstance(result, acts.Issued) else None)
    messages.success(request, done)
    return redirect("user_detail", public_id=user.public_id)


@login_required
@require_POST
@step_up_required
def user_grant(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, user = _account_for(request, public_id, "account role request")
    memberships = queries.active_memberships(user, actor.program_id)
    form = GrantForm(request.POST, actor_role=actor.role, memberships=memberships)
    if not form.is_valid():
        return _refused(request, actor, user, "Check the fields below.", 400, grant_form=form)
    data = form.cleaned_data
    try:
        result = acts.check_request_grant(
            user,
            acting=actor,
            role=data["role"],
            organization=data["organization"],
            reason=data["reason"],
            replaces=data["replaces"],
        )
    except PermissionDenied as exc:
        return _refused(request, actor, user, str(exc), 403, grant_form=form)
    pending = isinstance(result, RoleGrant)
    messages.success(
        request,
        "Role requested: a second program admin must approve it." if pending else "Role given.",
    )
    return redirect("user_detail", public_id=user.public_id)


@login_required
@require_POST
@step_up_required
def grant_decide(request: HttpRequest, grant_id: str) -> HttpResponse:
    purpose = "account role decision"
    actor = require(request, Capability.MANAGE_USERS, purpose=purpose)
    grant = queries.grant_in_program(actor.program_id, grant_id)
    if grant is None:
        raise refuse_missing(actor, grant_id, purpose, "No such request.")
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _refused(request, actor, grant.user, "Choose approve or refuse, and say why.", 400)
    try:
        decided = acts.do_decide_grant(
            grant,
            acting=actor,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
    except PermissionDenied as exc:
        return _refused(request, actor, grant.user, str(exc), 403)
    except ValidationError as exc:
        return _refused(request, actor, grant.user, " ".join(exc.messages), 409)
    _remember_link(request, getattr(decided, "issued", None))
    messages.success(request, f"Request {decided.get_status_display().lower()}.")
    return redirect("user_detail", public_id=grant.user.public_id)


@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the person chooses their own password with the one-time link."""
    found = acts.live_token(token[:100])
    if found is None:
        return render(request, "access/set_password_gone.html", status=404)
    form = SetPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            acts.do_set_password(
                found,
                form.cleaned_data["new_password1"],
                acting=owner_actor(request, found.user, keep_client=False),
            )
        except ValidationError:
            return render(request, "access/set_password_gone.html", status=404)
        messages.success(request, "Password set. Log in with it now.")
        return redirect("login")
    status = 400 if form.is_bound else 200
    context = {"form": form, "account": found.user}
    return render(request, "access/set_password.html", context, status=status)
