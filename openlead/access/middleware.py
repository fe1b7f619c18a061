"""Request id, idle and absolute session limits, and no-store caching for everything behind the login."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from openlead.access.sessionstore import LOGIN_AT

Handler = Callable[[HttpRequest], HttpResponse]


def request_id_of(request: HttpRequest) -> str:
    """The id RequestIdMiddleware gave this request ("" outside a request)."""
    return str(getattr(request, "request_id", ""))


class RequestIdMiddleware:
    """Tags each request so its audit events can be tied together."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = secrets.token_hex(8)
        setattr(request, "request_id", request_id)  # noqa: B010  (HttpRequest has no such attribute)
        response = self.get_response(request)
        response["X-Request-Id"] = request_id
        return response


TOUCH_SECONDS = 60  # how stale `last_seen` may be: the idle limit's precision


class SessionLimitsMiddleware:
    """Ends a session OPENLEAD_SESSION_IDLE_SECONDS after its last request, and
    OPENLEAD_SESSION_ABSOLUTE_SECONDS (10 h) after its login however busy it is.

    `last_seen` moves with the requests, at most once a minute; `login_at` (written at login by access.signals)
    never does, so activity cannot stretch the absolute limit. A session without a login
    time predates this check and is ended rather than trusted.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            login_at = request.session.get(LOGIN_AT)
            if (
                not isinstance(login_at, int)
                or now - login_at >= settings.OPENLEAD_SESSION_ABSOLUTE_SECONDS
                or now - last > settings.OPENLEAD_SESSION_IDLE_SECONDS
            ):
                logout(request)
            elif now - last >= TOUCH_SECONDS or "last_seen" not in request.session:
                # At most one session write a minute, not one per request (an UPDATE and
                # a COMMIT on every page, issue 16): a session then ends between 14 and
                # 15 idle minutes after its last request, never later.
                request.session["last_seen"] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages with participant data must not be kept by browsers or proxies (ASVS 14.3.2)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else "/" + settings.STATIC_URL
        ):
            response["Cache-Control"] = "no-store"
        return response
