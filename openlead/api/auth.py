"""Token authentication, scopes and the per-token rate limit.

A token acts as one membership: authenticating it pins that membership as the request's
only one (access.acting.pin_membership), so `current_actor`, `get_for` and the policy
table treat the call exactly as that persona's own session would be treated."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from openlead.access.acting import pin_membership
from openlead.api.actions import do_note_token_use
from openlead.api.models import ApiToken
from openlead.api.tokens import PREFIX, digest

KEYWORD = "Bearer"


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        keyword, _, secret = header.partition(" ")
        if keyword != KEYWORD:
            return None  # not ours: the session (or nothing) decides
        token = self._token(secret.strip())
        pin_membership(request._request, token.membership)
        return token.membership.user, token

    def _token(self, secret: str) -> ApiToken:
        # One answer for unknown, revoked and expired, so the reply says nothing about which.
        refused = exceptions.AuthenticationFailed("The token is not valid.")
        if not secret.startswith(PREFIX) or len(secret) > 100:
            raise refused
        token = (
            ApiToken.objects.select_related("membership__user", "membership__program")
            .filter(digest=digest(secret))
            .first()
        )
        now = timezone.now()
        if token is None or not token.usable(now) or not token.membership.user.is_active:
            raise refused
        do_note_token_use(token, now)
        return token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="openlead"'  # so a missing token answers 401, not 403


def token_of(request: Request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class HasScope(permissions.BasePermission):
    """A token must hold the view's scope (`read_scope` for safe methods, else
    `write_scope`); a session has the persona's whole policy and no scopes to check."""

    message = "This token does not have the scope this call needs."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = token_of(request)
        if token is None:
            return True
        safe = request.method in permissions.SAFE_METHODS
        needed = getattr(view, "read_scope" if safe else "write_scope", None)
        return needed is not None and needed in token.scopes


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Per token (429 with Retry-After past the rate); sessions have the pages' limits."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = token_of(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.public_id}
