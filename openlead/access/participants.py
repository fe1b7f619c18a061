"""Which sessions and accounts are a participant's (openlead.portal), decided from the
role alone so the access layer needs nothing from the portal app.

The MFA gate exempts these sessions (a participant has no authenticator app), axes never
locks these accounts (a lockout anyone can trigger would let an abuser deny a person their
own record; the portal's own sign-in slows guesses per account instead), and the staff
login refuses them (they sign in at /me/signin/, behind that per-account limit).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openlead.access.acting import request_memberships
from openlead.access.models import Membership
from openlead.access.roles import Role


def is_participant_session(request: HttpRequest) -> bool:
    """A signed-in session whose every active membership is a participant's."""
    options = request_memberships(request)
    return bool(options) and all(m.role == Role.PARTICIPANT for m in options)


def is_participant_account(user: Any) -> bool:
    if user is None or not getattr(user, "pk", None):
        return False
    return Membership.objects.filter(user=user, role=Role.PARTICIPANT).exists()


def is_participant_username(typed: str) -> bool:
    return (
        bool(typed)
        and Membership.objects.filter(user__username=typed, role=Role.PARTICIPANT).exists()
    )


def axes_never_locks(request: Any, credentials: dict[str, Any] | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: axes neither counts nor locks a participant's username."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get("username")
    return is_participant_username(str(typed or "")[:150])
