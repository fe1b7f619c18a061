"""Tokens for the world's personas, and JSON calls with or without one."""

from __future__ import annotations

import json
from typing import Any

from openlead.access.acting import Actor
from openlead.api.actions import do_create_token
from openlead.api.models import Scope
from tests.conftest import World

ALL_SCOPES = list(Scope.values)


def token_for(world: World, username: str, scopes: list[str] | None = None, days: int = 30) -> str:
    """A token acting as the persona's first membership, issued by the program admin."""
    user = world.users[username]
    membership = user.memberships.order_by("pk").first()
    acting = Actor.of(world.users["ada"], "program_admin", membership.program_id)
    _, secret = do_create_token(
        name=f"{username} integration",
        membership=membership,
        scopes=ALL_SCOPES if scopes is None else scopes,
        days=days,
        acting=acting,
    )
    return secret


def call(
    client: Any, method: str, url: str, body: Any = None, token: str = "", **headers: str
) -> Any:
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    send = getattr(client, method.lower())
    if body is None:
        return send(url, **extra)
    return send(url, json.dumps(body), content_type="application/json", **extra)
