"""The only way views and APIs read participant data.

Each helper resolves the user's membership, applies the policy table, projects the
record down to the permitted field groups, and writes exactly one audit event in the
same transaction as the read. Outside the user's scope the answer is the same 404 as
for an id that does not exist; a read-only user asking to write gets 403.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from openlead.access import safety
from openlead.access.acting import (
    Actor,
    anonymous_actor,
    chosen_membership,
    current_actor,
    memberships_of,
    request_memberships,
)
from openlead.access.justice_scope import justice_visible, releases_naming
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.projection import PersonRecord, PersonRow, list_rows, project
from openlead.access.roles import FieldGroup, Scope
from openlead.linkage import names
from openlead.people.models import ConsentRelease, Person, PersonNameToken
from openlead.people.vault import data_keys, get_person_field, identifier_index, name_dob_index

__all__ = [
    "Actor",
    "PersonRecord",
    "PersonRow",
    "chosen_membership",
    "current_actor",
    "memberships_of",
    "request_memberships",
]

LIST_LIMIT = 25  # anti-exfiltration: lists and searches never return more than this


def audit_request(request: HttpRequest, actor: Actor | None, **kwargs: Any) -> None:
    """One audit event for this request, by this actor (anonymous when None)."""
    (actor or anonymous_actor(request)).audit(**kwargs)


def scoped_people(actor: Actor) -> QuerySet[Person]:
    """People this membership may see at all; programs are always isolated. A record merged
    into another (people.merge) is a tombstone: no scope covers it."""
    people = Person.objects.filter(program_id=actor.program_id, merged_into__isnull=True)
    scope = actor.rule.scope
    if scope == Scope.PROGRAM:
        return people
    if scope == Scope.OWN_CASELOAD:
        return people.filter(case_manager=actor.user)
    if scope == Scope.REFERRED:
        return people.filter(referred_by=actor.user)
    if scope == Scope.CASE_RELATION:
        return people.filter(justice_visible(actor))
    if scope == Scope.OWN_RECORD:
        # The reverse name of openlead.portal's PortalAccount.person: a lookup, not an
        # import, so access stays below the portal.
        return people.filter(portal_account__user=actor.user)
    return people.none()


def active_consents(person: Person, actor: Actor, today: dt.date) -> list[ConsentRelease]:
    return list(person.consents.filter(releases_naming(actor, today)))


def visible_groups(actor: Actor, person: Person) -> frozenset[FieldGroup]:
    return groups_and_releases(actor, person)[0]


def groups_and_releases(actor: Actor, person: Person) -> tuple[frozenset[FieldGroup], list[str]]:
    """The groups this actor may read, and the releases (public ids) that opened gated ones:
    the accounting of disclosures (42 CFR 2.24) names the release behind each gated read."""
    groups = set(actor.rule.read)
    gated = groups & actor.rule.roi_required
    used: list[str] = []
    if gated:
        today = timezone.localdate()
        covered: set[str] = set()
        for consent in active_consents(person, actor, today):
            covered.update(consent.field_groups)
            if any(g.value in consent.field_groups for g in gated):
                used.append(consent.public_id)
        groups -= {g for g in gated if g.value not in covered}
    shown = frozenset(FieldGroup(g) for g in groups)
    return safety.without_places(actor, person, shown), sorted(used)


def groups_by_person(actor: Actor, people: Iterable[Person]) -> dict[int, frozenset[FieldGroup]]:
    """`visible_groups` for a page of people in one release query, not one per row (issue
    16: a list page's queries must not grow with its rows)."""
    chosen = list(people)
    groups = set(actor.rule.read)
    gated = groups & actor.rule.roi_required
    covered: dict[int, set[str]] = {p.pk: set() for p in chosen}
    if gated and chosen:
        releases = ConsentRelease.objects.filter(
            releases_naming(actor, timezone.localdate()), person__in=[p.pk for p in chosen]
        )
        for person_id, field_groups in releases.values_list("person_id", "field_groups"):
            covered[person_id].update(field_groups)
    shown: dict[int, frozenset[FieldGroup]] = {}
    for person in chosen:
        mine = groups - {g for g in gated if g.value not in covered[person.pk]}
        shown[person.pk] = safety.without_places(
            actor, person, frozenset(FieldGroup(g) for g in mine)
        )
    return shown


def refuse_not_found(
    actor: Actor, requested: str, purpose: str, message: str = "No such person."
) -> Http404:
    """Audit a lookup that found nothing in the actor's scope; returns the 404 to raise.

    Out-of-scope and missing ids get the same answer, so the 404 says nothing about
    whether the id exists elsewhere."""
    with transaction.atomic():
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.NOT_FOUND,
            purpose=purpose,
            detail={"requested": str(requested)[:40]},
        )
    return Http404(message)


def refuse_denied(
    actor: Actor,
    purpose: str,
    action: str = AuditAction.READ,
    *,
    person_ref: str = "",
    groups: Iterable[str] = (),
) -> PermissionDenied:
    """Audit a refusal of this actor's role (its own transaction); returns the 403 to raise."""
    with transaction.atomic():
        actor.audit(
            action=action,
            outcome=AuditOutcome.DENIED,
            purpose=purpose,
            person_ref=person_ref,
            groups=sorted(groups),
        )
    return PermissionDenied()


def get_person_for(
    request: HttpRequest,
    public_id: str,
    *,
    purpose: str,
    write_group: FieldGroup | None = None,
) -> PersonRecord:
    """Fetch one person for the requesting user, projected and audited (404/403 otherwise)."""
    actor = current_actor(request)
    person = scoped_people(actor).filter(public_id=public_id).select_related("case_manager").first()
    if person is None:
        raise refuse_not_found(actor, public_id, purpose)
    if write_group is not None and write_group not in actor.rule.write:
        with transaction.atomic():
            actor.audit(
                action=AuditAction.UPDATE,
                outcome=AuditOutcome.DENIED,
                person_ref=person.public_id,
                groups=[write_group],
                purpose=purpose,
            )
        raise PermissionDenied
    groups, releases = groups_and_releases(actor, person)
    with transaction.atomic():
        actor.audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=sorted(groups),
            purpose=purpose,
            # The releases that opened a gated group (none: the detail stays empty).
            detail={"consents": releases} if releases else {},
        )
        record = project(
            person, groups, actor.rule.write, hidden=safety.hidden_fields(actor, person)
        )
        record.safety_flag = (
            safety.active_flag(person) if safety.in_care_team(actor, person) else None
        )
    return record


def require_person_scope(
    request: HttpRequest, public_id: str, *, purpose: str
) -> tuple[Actor, Person]:
    """For pages about a person that show no field groups (access history): scope only."""
    actor = current_actor(request)
    person = scoped_people(actor).filter(public_id=public_id).first()
    if person is None or not actor.rule.has(Capability.SEE_ACCESS_HISTORY):
        raise refuse_not_found(actor, public_id, purpose)
    return actor, person


def require(request: HttpRequest, capability: Capability, *, purpose: str) -> Actor:
    """The actor, if their role holds the capability; otherwise 403, audited."""
    actor = current_actor(request)
    if not actor.can(capability):
        raise refuse_denied(actor, purpose)
    return actor


PageNumber = int | str | None  # as typed in ?page=; Paginator.get_page copes with bad ones


def page_of(items: Any, raw: PageNumber) -> Page[Any]:
    """One page of LIST_LIMIT items; a bad or out-of-range `?page=` gives page 1 or the last."""
    return Paginator(items, LIST_LIMIT).get_page(raw)  # an empty list is one empty page


@dataclass(frozen=True)
class PeopleQuery:
    """A search: a name (typos and nicknames forgiven), a date of birth, identifiers.

    `legal_name` with `date_of_birth` is the exact (name, birth date) index; `name` is the
    forgiving token search, ranked, with the date of birth counting towards the rank."""

    identifiers: dict[str, str] = field(default_factory=dict)
    legal_name: str = ""
    date_of_birth: str = ""
    name: str = ""

    @property
    def kind(self) -> str:
        """What the audit records about the query: which keys, never their values."""
        parts = list(self.identifiers)
        if self.name:
            parts.append("name+dob" if self.date_of_birth else "name")
        elif self.legal_name and self.date_of_birth:
            parts.append("name+dob")
        elif self.date_of_birth:
            parts.append("dob")
        return "+".join(parts)


def require_search(request: HttpRequest, *, purpose: str) -> Actor:
    """The actor if they may search people at all (403, audited, otherwise)."""
    actor = current_actor(request)
    if actor.rule.scope == Scope.NONE or not actor.rule.has(Capability.SEARCH_PEOPLE):
        raise refuse_denied(actor, purpose, AuditAction.SEARCH)
    return actor


def _matching(people: QuerySet[Person], query: PeopleQuery) -> QuerySet[Person]:
    # One filter() per identifier: each is its own join, so all must match (AND). The HMAC
    # covers the system as well as the value, so the indexed token alone is the match.
    for system, value in query.identifiers.items():
        people = people.filter(identifiers__blind_index=identifier_index(system, value))
    if query.legal_name and query.date_of_birth:
        people = people.filter(name_dob_index=name_dob_index(query.legal_name, query.date_of_birth))
    return people


def _shows_names(actor: Actor) -> bool:
    return (
        FieldGroup.IDENTITY in actor.rule.read
        and FieldGroup.IDENTITY not in actor.rule.roi_required
    )


def _audited_rows(
    actor: Actor, chosen: list[Person], *, purpose: str, query: str
) -> list[PersonRow]:
    with transaction.atomic():
        show_names = _shows_names(actor)
        groups = [FieldGroup.ENROLLMENT_STATUS] + ([FieldGroup.IDENTITY] if show_names else [])
        actor.audit(
            action=AuditAction.SEARCH if query else AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            groups=groups,
            purpose=purpose,
            detail={"people": [p.public_id for p in chosen], "query": query},
        )
        return list_rows(chosen, show_names=show_names)


def list_people_for(
    request: HttpRequest, *, purpose: str, page: PageNumber = 1
) -> tuple[Actor, list[PersonRow], Page[Any]]:
    """One page (LIST_LIMIT) of the user's people; one audit event naming only those shown."""
    actor = current_actor(request)
    if actor.rule.scope == Scope.NONE:
        raise refuse_denied(actor, purpose, AuditAction.LIST)
    people = scoped_people(actor).select_related("case_manager").order_by("-referred_at", "-pk")
    shown = page_of(people, page)
    rows = _audited_rows(actor, list(shown.object_list), purpose=purpose, query="")
    return actor, rows, shown


def search_people_for(
    request: HttpRequest, query: PeopleQuery, *, purpose: str
) -> tuple[Actor, list[PersonRow]]:
    """People matching `query` (at most LIST_LIMIT). Identifiers and the exact name + birth
    date are indexed equalities that all must hold; a `name` then ranks what is left by
    its blind-index tokens, best first; a birth date alone is its token's equality."""
    actor = require_search(request, purpose=purpose)
    people = _matching(scoped_people(actor), query)
    if query.name:
        # Tokens are keyed per program: for the whole program no join on people is needed.
        exact = bool(query.identifiers) or bool(query.legal_name and query.date_of_birth)
        within = people if exact or actor.rule.scope != Scope.PROGRAM else None
        chosen = _ranked_by_name(actor.program_id, within, query.name, query.date_of_birth)
    else:
        if query.date_of_birth and not query.legal_name:
            people = _born_on(actor.program_id, people, query.date_of_birth)
        people = people.select_related("case_manager").order_by("-referred_at", "-pk")
        chosen = list(people.distinct()[:LIST_LIMIT])
    rows = _search_rows(actor, chosen, purpose=purpose, query=query.kind)
    return actor, rows


# --- the blind-index name search (tokens written by people.tokens) ----------------------


@dataclass
class SearchRow(PersonRow):
    date_of_birth: str = ""  # only where the role reads identity without a release


@functools.lru_cache(maxsize=4)
def _name_token_key(root: bytes) -> bytes:
    # A subkey of its own: name tokens and the identifier index never share an HMAC key,
    # so a token of one can never be replayed as the other.
    return hmac.new(root, b"openlead person name tokens v1", hashlib.sha256).digest()


def name_token(program_id: int, domain: str, value: str) -> str:
    """The keyed token of one name or birth-date value (linkage.names keys) in one program:
    the same name in two programs gives two unrelated tokens."""
    key = _name_token_key(settings.OPENLEAD_BLIND_INDEX_KEY)
    message = f"{domain}|{program_id}|{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def wanted_tokens(
    program_id: int, keys: Iterable[names.QueryKey]
) -> dict[str, list[tuple[int, str]]]:
    """Each query token, with the (slot, kind) pairs of the query that produced it."""
    wanted: dict[str, list[tuple[int, str]]] = {}
    for key in keys:
        token = name_token(program_id, key.domain, key.value)
        wanted.setdefault(token, []).append((key.slot, key.kind))
    return wanted


def token_hits(
    people: QuerySet[Person] | None, wanted: dict[str, list[tuple[int, str]]]
) -> dict[int, dict[int, tuple[float, str]]]:
    """Per person (in `people`, or anyone of the tokens' program when None), the best match
    of each query slot (linkage.names.rank_hits): for reasons, as the duplicate finder gives."""
    hits = PersonNameToken.objects.filter(token__in=list(wanted))
    if people is not None:
        hits = hits.filter(person__in=people)
    return names.rank_hits(wanted, hits.values_list("person_id", "kind", "token"))


# The same ranking as linkage.names.rank_hits, in the database: per person and query slot
# the best weight, summed, best first, ties to the newest record. Only LIST_LIMIT ids come
# back instead of every matching row (a common first name matches thousands). Weights are
# in tenths, so the sums are exact integers on every database.
_RANK_SQL = """
WITH q(token, slot, qkind) AS (VALUES {queried}),
w(qkind, kind, weight) AS (VALUES {weights}),
m AS (
    SELECT t.person_id AS person_id, q.slot AS slot, MAX(COALESCE(w.weight, %s)) AS best
    FROM {table} t
    JOIN q ON q.token = t.token
    LEFT JOIN w ON w.qkind = q.qkind AND w.kind = t.kind
    {scope}
    GROUP BY t.person_id, q.slot
)
SELECT person_id FROM m
GROUP BY person_id
HAVING MAX(CASE WHEN slot <> %s THEN 1 ELSE 0 END) = 1
ORDER BY SUM(best) DESC, person_id DESC
LIMIT %s
"""


def _tenths(weight: float) -> int:
    return round(weight * 10)


def ranked_ids(
    people: QuerySet[Person] | None, wanted: dict[str, list[tuple[int, str]]], limit: int
) -> list[int]:
    """The ids of the best-ranked people whose name matched (a birth date alone does not)."""
    queried = [(token, slot, kind) for token, pairs in wanted.items() for slot, kind in pairs]
    if not queried:
        return []
    weights = [(q, k, _tenths(w)) for (q, k), w in names.WEIGHTS.items()]
    scope, scope_params = "", ()
    if people is not None:
        sub, scope_params = people.values("pk").query.sql_with_params()
        scope = f"WHERE t.person_id IN ({sub})"
    sql = _RANK_SQL.format(
        queried=", ".join(["(%s, CAST(%s AS INTEGER), %s)"] * len(queried)),
        weights=", ".join(["(%s, %s, CAST(%s AS INTEGER))"] * len(weights)),
        table=PersonNameToken._meta.db_table,
        scope=scope,
    )
    params = [v for row in queried for v in row] + [v for row in weights for v in row]
    params += [_tenths(names.OTHER_WEIGHT), *scope_params, names.BIRTH_SLOT, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [int(row[0]) for row in cursor.fetchall()]


def _ranked_by_name(
    program_id: int, people: QuerySet[Person] | None, name: str, date_of_birth: str
) -> list[Person]:
    keys = names.query_keys(name) + names.birth_date_query(date_of_birth)
    top = ranked_ids(people, wanted_tokens(program_id, keys), LIST_LIMIT)
    # The tokens already belong to one program; the scope filters the rows again anyway.
    shown = people if people is not None else Person.objects.filter(program_id=program_id)
    found = shown.filter(pk__in=top).select_related("case_manager").in_bulk()
    return [found[pk] for pk in top if pk in found]


def _born_on(program_id: int, people: QuerySet[Person], date_of_birth: str) -> QuerySet[Person]:
    tokens = [
        name_token(program_id, k.domain, k.value) for k in names.birth_date_keys(date_of_birth)
    ]
    return people.filter(name_tokens__kind="dob", name_tokens__token__in=tokens[:1])


def _search_rows(
    actor: Actor, chosen: list[Person], *, purpose: str, query: str
) -> list[PersonRow]:
    rows = _audited_rows(actor, chosen, purpose=purpose, query=query)
    if not _shows_names(actor) or not chosen:
        return rows
    keys = data_keys([p.public_id for p in chosen])
    births = {
        p.public_id: get_person_field(p, keys[p.public_id], "date_of_birth")
        for p in chosen
        if p.public_id in keys
    }
    return [SearchRow(**vars(row), date_of_birth=births.get(row.public_id, "")) for row in rows]
