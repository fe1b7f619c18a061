"""Agenda sections other apps contribute: casework registers "no contact in 30 days" from
its AppConfig.ready (openlead/casework/owg_agenda.py), because legal may never import
casework (the import-linter golden-rule contract).

A builder is given the people the viewer may see at all and the meeting's window, and
returns (person, detail) pairs; the agenda decides per person whether the detail's field
group may be shown, and the section is offered only to roles reading that group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from openlead.access.roles import FieldGroup
from openlead.legal.models import AgendaSection


@dataclass(frozen=True)
class Window:
    """The moments an agenda is worked out from: `since` the last held meeting (or 14
    days), `anchor` the moment it is read for (now, or a held meeting's start)."""

    since: dt.datetime
    anchor: dt.datetime
    program: Any
    actor: Any  # the viewer (openlead.access.acting.Actor)


# (person, detail text); the detail belongs to the section's field group.
Builder = Callable[[QuerySet[Any], Window], Iterable[tuple[Any, str]]]


@dataclass(frozen=True)
class Section:
    key: AgendaSection
    group: FieldGroup  # the field group the section's facts belong to
    build: Builder
    # A section about casework is for roles reading that group at all (the care team).
    whole_section_gated: bool = False


_REGISTERED: dict[AgendaSection, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, on a repeated ready()) one section contributed by another app."""
    _REGISTERED[section.key] = section


def registered() -> dict[AgendaSection, Section]:
    return dict(_REGISTERED)
