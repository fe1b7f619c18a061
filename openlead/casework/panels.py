"""Panels that apps above casework add to the participant's casework page.

Casework sits below the apps that build on it (the participant portal), so it cannot
import them; instead each registers a function at start-up (its AppConfig.ready) that
returns a panel for the page, or None. The page's own READ event covers the panels:
they run inside it (casework.views._common.render_person).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openlead.access.acting import Actor
from openlead.people.models import Person


@dataclass(frozen=True)
class Panel:
    template: str  # included by casework/person.html with `panel` in its context
    context: dict[str, Any] = field(default_factory=dict)


PanelMaker = Callable[[Actor, Person], Panel | None]
_PANELS: list[PanelMaker] = []


def register_panel(maker: PanelMaker) -> None:
    if maker not in _PANELS:
        _PANELS.append(maker)


def panels_for(actor: Actor, person: Person) -> list[Panel]:
    return [panel for maker in _PANELS if (panel := maker(actor, person)) is not None]
