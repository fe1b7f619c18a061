"""The login page (with the per-network throttle), the self-service password change, and
switching between one's memberships."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from openlead.access.acting import request_memberships
from openlead.access.actions.passwords import do_change_own_password
from openlead.access.logins import check_login_throttle
from openlead.access.owner import owner_actor
from openlead.access.participants import is_participant_account


class StaffAuthenticationForm(AuthenticationForm):
    """A participant signs in at /me/signin/ (its per-account limit); here their right
    passphrase gets the same answer as a wrong one, so this page is no way to test it."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if is_participant_account(user):
            raise self.get_invalid_login_error()


class LoginView(auth_views.LoginView):
    """Django's login, behind a throttle per network that never locks an account."""

    redirect_authenticated_user = True
    authentication_form = StaffAuthenticationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["idle_minutes"] = settings.OPENLEAD_SESSION_IDLE_SECONDS // 60
        context["absolute_hours"] = settings.OPENLEAD_SESSION_ABSOLUTE_SECONDS // 3600
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = check_login_throttle(request)
        if wait:
            context = {"minutes": wait}
            return render(request, "registration/throttled.html", context, status=429)
        return super().post(request, *args, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = do_change_own_password(
            form.cleaned_data["new_password1"], acting=owner_actor(request)
        )
        update_session_auth_hash(request, user)  # this session stays; the others end
        messages.success(request, "Your password is changed. Your other sessions have ended.")
        return redirect("home")
    status = 400 if form.is_bound else 200
    return render(request, "registration/password_change.html", {"form": form}, status=status)


@login_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    """Act through another of one's own memberships (chosen on the home page)."""
    wanted = request.POST.get("membership", "0")
    chosen = next((m for m in request_memberships(request) if str(m.pk) == wanted), None)
    if chosen is None:
        raise PermissionDenied
    request.session["membership_id"] = chosen.pk
    return redirect("home")
