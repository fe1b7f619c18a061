"""The account acting on itself: its own password, its own second factor, its login.

These events carry no role or program (a new account may have neither yet), as the
login events always have; `Actor.of` gives the account, this adds the request.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openlead.access.acting import Actor
from openlead.access.clientip import client_address
from openlead.access.middleware import request_id_of


def owner_actor(request: HttpRequest, user: Any = None, *, keep_client: bool = True) -> Actor:
    """`user` (the signed-in one by default) acting on their own account in this request.

    `keep_client=False` for a visitor who is not signed in (a set-password link): no
    source address is kept for them, as for every anonymous visitor."""
    account = request.user if user is None else user
    return Actor.of(
        account,
        request_id=request_id_of(request),
        path=request.path,
        client=client_address(request) if keep_client else "",
    )
