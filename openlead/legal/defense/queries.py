"""The defender's reads: whom they defend, what they see of each, and the note thread.

Whom a defender sees is openlead.access.justice_scope's answer (assigned counsel, or a
release naming their office), never redefined here. What they see of a person is the
access layer's field groups: a name only under a release that covers identity, other
cases than their own only under one that covers legal coordination.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.helpers import (
    active_consents,
    groups_and_releases,
    groups_by_person,
    scoped_people,
)
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup, Role
from openlead.legal.models import CourtDate, DefenseNote, LegalCase
from openlead.people import vault
from openlead.people.models import ConsentRelease, Person
from openlead.programs.models import OrganizationKind

NOTE_TABLE = "legal.defensenote"  # the AAD label people.merge reseals the note under
NOTE_COLUMN = "sealed_text"


def is_defender(actor: Actor) -> bool:
    return actor.can(Capability.DEFEND_CLIENTS)


def clients_of(actor: Actor, now: dt.datetime | None = None) -> QuerySet[Person]:
    """The defender's clients: the people the justice scope lets this defender see.

    Ordered for the morning in court: the defender's own clients first, soonest court date
    first, then everyone a release opens to the office (most of whom have no case yet)."""
    at = now or timezone.now()
    own = LegalCase.objects.filter(person=OuterRef("pk"), defender_id=actor.user.pk)
    soonest = Min(
        "legal_cases__court_dates__at",
        filter=Q(legal_cases__court_dates__at__gte=at, legal_cases__defender_id=actor.user.pk),
    )
    return (
        scoped_people(actor)
        .annotate(own_client=Exists(own), next_own_court=soonest)
        .order_by(
            F("own_client").desc(), F("next_own_court").asc(nulls_last=True), "-referred_at", "-pk"
        )
    )


def cases_seen(actor: Actor, person: Person, groups: frozenset[FieldGroup]) -> QuerySet[LegalCase]:
    """The defender's own cases always (they are counsel on them); the person's other
    cases only under a release that covers legal coordination."""
    cases = LegalCase.objects.filter(program_id=actor.program_id, person=person)
    if FieldGroup.LEGAL not in groups:
        cases = cases.filter(defender_id=actor.user.pk)
    return cases


def next_court_date(cases: QuerySet[LegalCase], now: dt.datetime) -> CourtDate | None:
    return CourtDate.objects.filter(case__in=cases, at__gte=now).order_by("at").first()


@dataclass
class ClientRow:
    public_id: str
    name: str
    status: str
    case_count: int
    next_court: CourtDate | None
    groups: list[str] = field(default_factory=list)


def client_rows(actor: Actor, people: list[Person], now: dt.datetime) -> list[ClientRow]:
    """A page of the defender's clients in four queries whatever its length (issue 16): the
    releases, the keys, the cases and their next court dates, each fetched once for the page.
    Which cases count is `cases_seen`'s rule: own cases, others only under a legal release."""
    groups = groups_by_person(actor, people)
    named = [p.public_id for p in people if FieldGroup.IDENTITY in groups[p.pk]]
    keys = vault.data_keys(named)
    cases: dict[int, list[int]] = {p.pk: [] for p in people}
    rows = LegalCase.objects.filter(program_id=actor.program_id, person__in=list(cases))
    for pk, person_id, defender_id in rows.values_list("pk", "person_id", "defender_id"):
        if FieldGroup.LEGAL in groups[person_id] or defender_id == actor.user.pk:
            cases[person_id].append(pk)
    wanted = [pk for ids in cases.values() for pk in ids]
    soonest: dict[int, CourtDate] = {}
    for date in CourtDate.objects.filter(case__in=wanted, at__gte=now).order_by("at", "pk"):
        soonest.setdefault(date.case_id, date)
    return [
        _client_row(p, groups[p.pk], keys.get(p.public_id), cases[p.pk], soonest) for p in people
    ]


def _client_row(
    person: Person,
    groups: frozenset[FieldGroup],
    dek: bytes | None,
    case_ids: list[int],
    soonest: dict[int, CourtDate],
) -> ClientRow:
    dates = [soonest[c] for c in case_ids if c in soonest]
    return ClientRow(
        public_id=person.public_id,
        name=vault.shown_name(person, dek) if dek is not None else "",
        status=person.get_status_display(),
        case_count=len(case_ids),
        next_court=min(dates, key=lambda d: (d.at, d.pk)) if dates else None,
        groups=sorted(g.value for g in groups),
    )


def releases_for_defense(actor: Actor, person: Person) -> list[ConsentRelease]:
    """The active releases naming this defender's office (or role): what each allows."""
    return active_consents(person, actor, timezone.localdate())


def released_to_defense(person: Person, today: dt.date) -> bool:
    """Whether an active release of this person names a defender's office (or the defender
    role) and covers legal coordination: the care team writes to the defense only then.
    The groups are checked here, not in SQL: SQLite has no JSON containment lookup."""
    recipient = Q(recipient_organization__kind=OrganizationKind.DEFENDER) | Q(
        recipient_role=Role.DEFENDER
    )
    unexpired = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    active = ConsentRelease.objects.filter(
        recipient & unexpired, person=person, revoked_at__isnull=True, starts_on__lte=today
    )
    return any(FieldGroup.LEGAL.value in c.field_groups for c in active)


def channel_open(actor: Actor, person: Person) -> bool:
    """Whether this actor may read and write the person's defense notes.

    The defender: while the person is in their scope and a release naming their office
    covers legal coordination (what the participant released, and nothing more). The care
    team (who write casework notes and have the person in scope): while such a release to
    a defender exists. Police and prosecutors never, whatever release exists."""
    if not scoped_people(actor).filter(pk=person.pk).exists():
        return False
    if is_defender(actor):
        return FieldGroup.LEGAL in groups_and_releases(actor, person)[0]
    if FieldGroup.CASEWORK_NOTES not in actor.rule.write:
        return False
    return released_to_defense(person, timezone.localdate())


def may_read_thread(actor: Actor, person: Person) -> bool:
    """The care team reads the thread whenever it reads the person's casework (a release
    revoked later does not hide what the defense already wrote to it); the defender only
    while the channel is open."""
    if is_defender(actor):
        return channel_open(actor, person)
    return (
        FieldGroup.CASEWORK_NOTES in actor.rule.read
        and scoped_people(actor).filter(pk=person.pk).exists()
    )


@dataclass
class NoteRow:
    at: dt.datetime
    author: str
    side: str  # "Defense" or "Care team"
    text: str


def open_note(note: DefenseNote, dek: bytes) -> str:
    return vault.open_text(dek, note.sealed_text, NOTE_TABLE, note.public_id, NOTE_COLUMN)


def thread_for(actor: Actor, person: Person, limit: int = 50) -> list[NoteRow]:
    """The newest notes first, opened; empty for anyone outside the channel's audience."""
    if not may_read_thread(actor, person):
        return []
    notes = list(
        DefenseNote.objects.filter(program_id=person.program_id, person=person).select_related(
            "author"
        )[:limit]
    )
    if not notes:
        return []
    dek = vault.data_key(person.public_id)
    return [
        NoteRow(
            at=n.created_at,
            author=(n.author.get_full_name() or n.author.username) if n.author else "",
            side="Defense" if n.author_role == Role.DEFENDER else "Care team",
            text=open_note(n, dek),
        )
        for n in notes
    ]
