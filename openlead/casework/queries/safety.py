"""The safety flag as the care team's casework page shows it (access.safety)."""

from __future__ import annotations

from typing import Any

from openlead.access.acting import Actor
from openlead.access.policy import Capability
from openlead.access.safety import active_flag, in_care_team
from openlead.people import vault
from openlead.people.models import Person


def safety_context(actor: Actor, person: Person, dek: bytes, form: Any) -> dict[str, Any]:
    """The badge, its sealed note and which removal step this reader may take; nothing
    at all for anyone outside the care team (the page then simply has no safety box)."""
    if not in_care_team(actor, person):
        return {"safety_shown": False}
    flag = active_flag(person)
    note = ""
    if flag is not None and flag.note:
        note = vault.open_text(dek, flag.note, "access.safetyflag", flag.public_id, "note")
    user_id = actor.user.pk if actor.user is not None else None
    return {
        "safety_shown": True,
        "safety_flag": flag,
        "safety_note": note,
        "safety_form": form,
        "safety_can_ask": flag is not None and flag.removal_asked_at is None,
        "safety_can_confirm": flag is not None
        and flag.removal_asked_at is not None
        and actor.can(Capability.SUPERVISE)
        and flag.removal_asked_by_id != user_id,
    }
