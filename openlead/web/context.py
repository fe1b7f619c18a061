"""Template context: the memberships a signed-in user can switch between."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def membership(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    from openlead.access.helpers import chosen_membership, request_memberships

    return {
        "memberships": request_memberships(request),
        "current_membership": chosen_membership(request),
    }
