"""A password-only session gets nothing but the MFA pages (security-bar test 6).

An authenticated session that django-otp has not marked verified is sent to the
verify page (or to enrolment, when the user has no authenticator yet) from every URL
except the MFA pages, logout and static files. Anonymous requests pass untouched, so
login, healthz and the public self-referral pages work as before; the views' own
login_required still guards the rest.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from openlead.access.mfa import confirmed_totp, mfa_enforced
from openlead.access.middleware import Handler
from openlead.access.participants import is_participant_session
from openlead.access.stepup import is_verified

# URL names a password-only session may reach (the MFA pages in access/mfa_urls.py).
OPEN_TO_PASSWORD_ONLY = frozenset(
    {"mfa_enrol", "mfa_verify", "mfa_step_up", "mfa_recovery_codes", "logout"}
)


def _static_prefix() -> str:
    url = settings.STATIC_URL or "/static/"
    return url if url.startswith("/") else "/" + url


def is_open(path: str) -> bool:
    if path.startswith(_static_prefix()):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name in OPEN_TO_PASSWORD_ONLY


class MfaRequiredMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            mfa_enforced()
            and request.user.is_authenticated
            and not is_verified(request)
            and not is_open(request.path_info)
            # Participants have no authenticator: their sessions reach only /me/ pages
            # (openlead.portal.middleware), where the passphrase is the whole sign-in.
            and not is_participant_session(request)
        ):
            return self._second_factor(request)
        return self.get_response(request)

    def _second_factor(self, request: HttpRequest) -> HttpResponse:
        if confirmed_totp(request.user) is None:
            return redirect("mfa_enrol")
        # The path only: query strings can hold search terms, which stay out of URLs we make.
        target = request.path if request.method == "GET" else reverse("home")
        return redirect(f"{reverse('mfa_verify')}?{urlencode({'next': target})}")
