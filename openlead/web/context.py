"""Template context: the memberships a signed-in user can switch between."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def membership(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    from openlead.access.helpers import memberships_of

    options = list(memberships_of(request.user))
    chosen = next((m for m in options if m.pk == request.session.get("membership_id")), None)
    return {
        "memberships": options,
        "current_membership": chosen or (options[0] if options else None),
    }
