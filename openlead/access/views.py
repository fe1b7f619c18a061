"""The login page (with the per-network throttle) and the self-service password change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openlead.access.actions import do_change_own_password
from openlead.access.clientip import client_address
from openlead.access.logins import check_login_throttle


class LoginView(auth_views.LoginView):
    """Django's login, behind a throttle per network that never locks an account."""

    redirect_authenticated_user = True

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
        do_change_own_password(
            request,
            form.cleaned_data["new_password1"],
            request_id=getattr(request, "request_id", ""),
            client=client_address(request),
        )
        messages.success(request, "Your password is changed. Your other sessions have ended.")
        return redirect("home")
    status = 400 if form.is_bound else 200
    return render(request, "registration/password_change.html", {"form": form}, status=status)
