"""The acting actor: who does a thing, in which role and program, for which request.

Every action (`do_*`, `check_*`) takes exactly one keyword-only `acting: Actor`; views
get theirs from `current_actor(request)`, and the command line, the demo and anonymous
self-referral use `Actor.system(...)`. The actor carries the request id, path and client
address, so the audit event an action writes is tied to its request without threading
them through every call.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from openlead.access import audit as audit_log
from openlead.access.clientip import client_address
from openlead.access.middleware import request_id_of
from openlead.access.models import Membership
from openlead.access.policy import Capability, Rule, rule_for


@dataclass(frozen=True)
class Actor:
    user: Any  # the signed-in User, or None for the system (CLI, demo, self-referral)
    role: str
    program_ref: int | None  # None: acting across programs (key rotation, the demo)
    request_id: str = ""
    username: str = ""
    chosen: Membership | None = None  # the membership a staff request acts through
    path: str = ""
    client: str = ""  # staff requests only; anonymous visitors' addresses are not kept

    @property
    def program_id(self) -> int:
        if self.program_ref is None:
            raise PermissionDenied  # a program-less actor reaching program data is a bug
        return self.program_ref

    @property
    def membership(self) -> Membership:
        if self.chosen is None:
            raise PermissionDenied
        return self.chosen

    @property
    def rule(self) -> Rule:
        return rule_for(self.role)

    @property
    def who(self) -> audit_log.Who:
        user_id = self.user.pk if self.user is not None else None
        name = self.username or (self.user.get_username() if self.user is not None else "")
        return audit_log.Who(user_id, name, self.role, self.program_ref)

    @property
    def is_system(self) -> bool:
        return self.user is None

    def can(self, capability: Capability) -> bool:
        return self.rule.has(capability)

    @functools.cached_property
    def flagged_people(self) -> frozenset[int]:
        """The ids of the program's people with a safety flag, fetched once per actor (one
        request): a list page asks access.safety about every row."""
        from openlead.access.models import SafetyFlag

        if self.program_ref is None:
            return frozenset()
        flags = SafetyFlag.objects.filter(
            removed_at__isnull=True, person__program_id=self.program_ref
        )
        return frozenset(flags.values_list("person_id", flat=True))

    def audit(self, **kwargs: Any) -> None:
        """One audit event by this actor, tied to its request."""
        kwargs.setdefault("request_id", self.request_id)
        kwargs.setdefault("path", self.path)
        kwargs.setdefault("client", self.client)
        audit_log.record(self.who, **kwargs)

    def in_program(self, program_id: int | None) -> Actor:
        return replace(self, program_ref=program_id)

    @classmethod
    def system(cls, name: str, program_id: int | None = None, *, request_id: str = "") -> Actor:
        """The command line, the demo, a scheduled job or an anonymous form: no account."""
        return cls(None, "", program_id, request_id=request_id, username=name)

    @classmethod
    def of(cls, user: Any, role: str = "", program_id: int | None = None, **kw: Any) -> Actor:
        """An account acting outside a web request (tests, commands run as a user)."""
        return cls(user, role, program_id, username=user.get_username(), **kw)

    @classmethod
    def from_who(cls, who: audit_log.Who, *, user: Any = None, request_id: str = "") -> Actor:
        return cls(user, who.role, who.program_id, request_id=request_id, username=who.username)


def memberships_of(user: Any) -> QuerySet[Membership]:
    # Oldest first: "the first membership" is the default when none is chosen, and without
    # an order PostgreSQL returns rows in whatever order an update left them.
    return (
        Membership.objects.filter(user=user, active=True)
        .select_related("program", "organization")
        .order_by("pk")
    )


OPTIONS = "_openlead_memberships"  # the request attribute request_memberships caches on


def request_memberships(request: HttpRequest) -> list[Membership]:
    """The signed-in user's active memberships, read once per request: the time-zone
    middleware, the views and the templates (header, switch menu) all ask for them."""
    if not request.user.is_authenticated:
        return []
    if not hasattr(request, OPTIONS):
        setattr(request, OPTIONS, list(memberships_of(request.user)))
    options: list[Membership] = getattr(request, OPTIONS)
    return options


def pin_membership(request: HttpRequest, membership: Membership) -> None:
    """Make `membership` the request's only one: an API token (openlead.api) acts as the
    membership it was issued for, whatever memberships its account has."""
    setattr(request, OPTIONS, [membership])


def chosen_membership(request: HttpRequest) -> Membership | None:
    """The membership in effect for this request (chosen on the home page), else the first."""
    options = request_memberships(request)
    wanted = request.session.get("membership_id")
    return next((m for m in options if m.pk == wanted), options[0] if options else None)


def current_actor(request: HttpRequest) -> Actor:
    """The actor of this request: its user, chosen membership and request."""
    chosen = chosen_membership(request)
    if chosen is None:
        raise PermissionDenied
    return Actor(
        request.user,
        chosen.role,
        chosen.program_id,
        request_id=request_id_of(request),
        username=request.user.get_username(),
        chosen=chosen,
        path=request.path,
        client=client_address(request),
    )


def anonymous_actor(request: HttpRequest, name: str = "", program_id: int | None = None) -> Actor:
    """A visitor with no account (a self-referral): no source address is kept."""
    return Actor(
        None,
        "",
        program_id,
        request_id=request_id_of(request),
        username=name,
        path=request.path,
    )
