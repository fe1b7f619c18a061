"""The generated agenda of one meeting, as one viewer may read it.

Rows come only from the people the viewer may see at all (access.helpers.scoped_people:
the justice scope for enforcement), so no row and no count can reveal anyone else. Each
row then shows a section's detail only where the viewer may read its field group for that
person (releases included), and the minutes whose field group they may read: enforcement
never reads casework-notes, so never a casework minute."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.helpers import groups_and_releases, scoped_people
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup as G
from openlead.legal.models import AgendaSection, MeetingStatus, MinuteEntry, OwgMeeting
from openlead.legal.owg.registry import Section, Window, registered
from openlead.legal.owg.sections import LEGAL_SECTIONS
from openlead.people import vault
from openlead.people.models import Person

ROW_CAP = 50
DEFAULT_SINCE_DAYS = 14


@dataclass
class Minute:
    public_id: str
    group_label: str
    next_steps: str
    who: str
    by_when: dt.date | None
    casework: bool


@dataclass
class Row:
    person_ref: str
    name: str
    status: str
    detail: str
    section: str
    minutes: list[Minute] = field(default_factory=list)


@dataclass
class AgendaPart:
    key: str
    label: str
    rows: list[Row]
    more: int  # rows past the cap, of people the viewer may see


@dataclass
class Agenda:
    meeting: OwgMeeting
    window: Window
    parts: list[AgendaPart]
    other_minutes: list[tuple[Row, Minute]]
    groups: set[str]  # every field group shown anywhere: the 42 CFR 2.32 notice needs them
    recomputed: bool  # a held meeting's rows are worked out again today


def window_for(meeting: OwgMeeting, actor: Actor, now: dt.datetime | None = None) -> Window:
    at = now or timezone.now()
    anchor = meeting.starts_at if meeting.status == MeetingStatus.HELD else at
    last = (
        OwgMeeting.objects.filter(
            program_id=meeting.program_id,
            status=MeetingStatus.HELD,
            starts_at__lt=meeting.starts_at,
        )
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )
    since = last.starts_at if last else anchor - dt.timedelta(days=DEFAULT_SINCE_DAYS)
    return Window(since=min(since, anchor), anchor=anchor, program=meeting.program, actor=actor)


def sections_for(actor: Actor) -> list[Section]:
    """All sections in AgendaSection order; a gated section only for roles reading its group."""
    found = {**LEGAL_SECTIONS, **registered()}
    ordered = [found[key] for key in AgendaSection if key in found]
    return [s for s in ordered if not s.whole_section_gated or s.group in actor.rule.read]


class _Viewer:
    """The viewer's field groups per person, worked out once each (releases are queried)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self._groups: dict[int, frozenset[G]] = {}
        self._keys: dict[str, bytes] = {}

    def groups(self, person: Person) -> frozenset[G]:
        if person.pk not in self._groups:
            self._groups[person.pk] = groups_and_releases(self.actor, person)[0]
        return self._groups[person.pk]

    def preload_keys(self, people: list[Person]) -> None:
        """The data keys of a section's shown rows in one key-store query (vault.data_keys),
        not one per row."""
        missing = [p.public_id for p in people if p.public_id not in self._keys]
        if missing:
            self._keys.update(vault.data_keys(missing))

    def seen_groups(self) -> list[frozenset[G]]:
        return list(self._groups.values())

    def key(self, person: Person) -> bytes:
        if person.public_id not in self._keys:
            self._keys[person.public_id] = vault.data_key(person.public_id)
        return self._keys[person.public_id]

    def row(self, person: Person, section: Section, detail: str) -> Row:
        groups = self.groups(person)
        name = f"Participant {person.public_id}"
        if G.IDENTITY in groups:
            name = vault.shown_name(person, self.key(person)) or name
        status = person.get_status_display() if G.ENROLLMENT_STATUS in groups else ""
        shown = detail if section.group in groups else ""
        return Row(person.public_id, name, status, shown, section.key.value)


def _part(viewer: _Viewer, section: Section, people: Any, window: Window, cap: int) -> AgendaPart:
    seen: set[int] = set()
    shown: list[tuple[Person, str]] = []
    total = 0
    for person, detail in section.build(people, window):
        if person.pk in seen:
            continue  # one row per person and section: the first (most pressing) fact
        seen.add(person.pk)
        total += 1
        if len(shown) < cap:
            shown.append((person, detail))
    viewer.preload_keys([p for p, _ in shown if G.IDENTITY in viewer.groups(p)])
    rows = [viewer.row(person, section, detail) for person, detail in shown]
    return AgendaPart(section.key.value, section.key.label, rows, total - len(rows))


def _minute(viewer: _Viewer, entry: MinuteEntry) -> Minute | None:
    if G(entry.field_group) not in viewer.groups(entry.person):
        return None
    text = vault.open_text(
        viewer.key(entry.person),
        entry.sealed_next_steps,
        "legal.minuteentry",
        entry.public_id,
        "sealed_next_steps",
    )
    casework = entry.field_group == G.CASEWORK_NOTES
    label = "Casework" if casework else "Legal coordination"
    return Minute(entry.public_id, label, text, entry.who, entry.by_when, casework)


def _attach_minutes(
    viewer: _Viewer, meeting: OwgMeeting, people: Any, parts: list[AgendaPart]
) -> list[tuple[Row, Minute]]:
    """Each visible minute on its row; minutes of rows no longer on the (recomputed)
    agenda are returned apart, so a held meeting keeps all its minutes."""
    rows = {(r.person_ref, r.section): r for p in parts for r in p.rows}
    entries = MinuteEntry.objects.filter(meeting=meeting, person__in=people)
    apart: list[tuple[Row, Minute]] = []
    for entry in entries.select_related("person").order_by("pk"):
        minute = _minute(viewer, entry)
        if minute is None:
            continue
        row = rows.get((entry.person.public_id, entry.section))
        if row is not None:
            row.minutes.append(minute)
        else:
            section = _section_of(entry.section)
            apart.append((viewer.row(entry.person, section, ""), minute))
    return apart


def _section_of(key: str) -> Section:
    found = {**LEGAL_SECTIONS, **registered()}
    return found.get(AgendaSection(key)) or Section(AgendaSection.OTHER, G.LEGAL, lambda p, w: [])


def build_agenda(meeting: OwgMeeting, actor: Actor, *, purpose: str, cap: int = ROW_CAP) -> Agenda:
    """The agenda as this actor may read it, with one audit event naming the people shown."""
    window = window_for(meeting, actor)
    people = scoped_people(actor)
    viewer = _Viewer(actor)
    parts = [_part(viewer, s, people, window, cap) for s in sections_for(actor)]
    apart = _attach_minutes(viewer, meeting, people, parts)
    shown = {r.person_ref for p in parts for r in p.rows} | {r.person_ref for r, _ in apart}
    groups = {g.value for gs in viewer.seen_groups() for g in gs}
    with transaction.atomic():
        actor.audit(
            action=AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            purpose=purpose,
            groups=sorted(groups),
            detail={"meeting": meeting.public_id, "people": sorted(shown)},
        )
    held = meeting.status == MeetingStatus.HELD
    return Agenda(meeting, window, parts, apart, groups, recomputed=held)
