"""Authentication events go into the audit log (CJIS AU-2, ASVS 16.3.1).

There is no membership yet at login (nor after logout): the account acts as itself,
with no role or program; a failed login is the system's event, naming the account only
when the typed name matches one.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from openlead.access.acting import Actor
from openlead.access.clientip import client_address
from openlead.access.logins import do_count_login_failure, known_username, username_hash
from openlead.access.middleware import request_id_of
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.sessionstore import LOGIN_AT


def _client(request: Any) -> str:
    return client_address(request) if request is not None and hasattr(request, "META") else ""


def _account(user: Any, request: Any) -> Actor:
    return Actor.of(user, request_id=request_id_of(request), client=_client(request))


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = int(time.time())
    _account(user, request).audit(action=AuditAction.LOGIN, outcome=AuditOutcome.ALLOWED)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _account(user, request).audit(action=AuditAction.LOGOUT, outcome=AuditOutcome.ALLOWED)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    typed = str(credentials.get("username", ""))[:150]
    username = known_username(typed)
    # A name that matches no account may be a password typed in the wrong box: keep a hash.
    detail = {} if username else {"unknown_account": True, "username_hmac": username_hash(typed)}
    system = Actor.system(username or "", request_id=request_id_of(request))
    system.audit(
        action=AuditAction.LOGIN_FAILED,
        outcome=AuditOutcome.DENIED,
        client=_client(request),
        detail=detail,
    )
    if request is not None and hasattr(request, "META"):
        do_count_login_failure(request)
