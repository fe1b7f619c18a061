"""Authentication events go into the audit log (CJIS AU-2, ASVS 16.3.1)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from openlead.access import audit
from openlead.access.models import AuditAction, AuditOutcome


def _request_id(request: Any) -> str:
    return getattr(request, "request_id", "") if request is not None else ""


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(
        audit.Who(user.pk, user.get_username(), "", None),
        action=AuditAction.LOGIN,
        outcome=AuditOutcome.ALLOWED,
        request_id=_request_id(request),
    )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(
            audit.Who(user.pk, user.get_username(), "", None),
            action=AuditAction.LOGOUT,
            outcome=AuditOutcome.ALLOWED,
            request_id=_request_id(request),
        )


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        audit.Who(None, username, "", None),
        action=AuditAction.LOGIN_FAILED,
        outcome=AuditOutcome.DENIED,
        request_id=_request_id(request),
    )
