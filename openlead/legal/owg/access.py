"""Who may open which work-group meeting: a member holding ATTEND_OWG whose role the
meeting invites, in the meeting's program; whoever runs the work group (RUN_OWG) opens
every meeting of their program, since they mark it held or cancel it. Anything else is
the same audited 404 as an id that does not exist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from openlead.access.acting import Actor
from openlead.access.getters import refuse_missing
from openlead.access.helpers import require
from openlead.access.policy import Capability
from openlead.legal.models import OwgMeeting

NOT_FOUND = "No such meeting."


def may_open(actor: Actor, meeting: OwgMeeting) -> bool:
    if meeting.program_id != actor.program_id or not actor.can(Capability.ATTEND_OWG):
        return False
    return actor.can(Capability.RUN_OWG) or actor.role in meeting.invited_roles


def meetings_for(actor: Actor) -> list[OwgMeeting]:
    """The program's meetings this actor may open, newest first."""
    rows: QuerySet[OwgMeeting] = OwgMeeting.objects.filter(program_id=actor.program_id)
    return [m for m in rows.order_by("-starts_at", "-pk") if may_open(actor, m)]


def get_meeting_for(
    request: HttpRequest, public_id: str, *, purpose: str, capability: Capability | None = None
) -> tuple[Actor, OwgMeeting]:
    """The meeting (404, audited, outside the rule above); `capability` is checked first
    (403, audited), so a role that may never do the thing learns nothing of the id."""
    actor = require(request, capability or Capability.ATTEND_OWG, purpose=purpose)
    meeting = (
        OwgMeeting.objects.filter(public_id=public_id, program_id=actor.program_id)
        .select_related("program")
        .first()
    )
    if meeting is None or not may_open(actor, meeting):
        raise refuse_missing(actor, public_id, purpose, NOT_FOUND)
    return actor, meeting
