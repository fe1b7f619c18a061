"""Template context: the memberships a signed-in user can switch between (the header's
switch menu, in base.html)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openlead.access.acting import chosen_membership, request_memberships


def membership(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "memberships": request_memberships(request),
        "current_membership": chosen_membership(request),
    }
