"""The safety flag: while a participant is at risk from someone who may look for them
(domestic violence, trafficking, stalking), their places are for their care team only.

The assigned care team is the person's case manager plus the program's supervisors and
program admins. Everyone else (outreach workers, other case managers, police,
prosecutors, defenders) gets the person without the places: no address, no "how to
reach them", no safety or casework notes (contacts' location categories, appointments,
shelter stays), and no rows in the work group's court-date section. The projection
(`groups_and_releases`, `project`), the referral page and the duplicate check ask here,
so every page gets it; the pages say nothing of why (that would itself reveal it).
The record-view alerts (access.alerts) raise one "safety flag" alert when someone
outside the care team opens the person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from openlead.access.models import SafetyFlag
from openlead.access.roles import FieldGroup as G
from openlead.access.roles import Role

if TYPE_CHECKING:  # the alerts (under acting, via audit) read the care team here too
    from openlead.access.acting import Actor

CARE_TEAM_ROLES = frozenset({Role.SUPERVISOR, Role.PROGRAM_ADMIN})
# Contacts' location categories, appointments and shelter stays are casework notes; the
# safety group holds the safety notes. Today no role outside the care team reads casework
# notes at all, so dropping it is a backstop for a future role, not a change of view.
PLACE_GROUPS = frozenset({G.SAFETY, G.CASEWORK_NOTES})
# The contact fields that say where the person is (the phone and email stay: outreach
# still needs a way to reach them that does not lead to a place).
PLACE_FIELDS = frozenset({"address", "contact_notes"})


def active_flags() -> QuerySet[SafetyFlag]:
    return SafetyFlag.objects.filter(removed_at__isnull=True)


def active_flag(person: Any) -> SafetyFlag | None:
    return (
        active_flags()
        .filter(person_id=person.pk)
        .select_related("set_by", "removal_asked_by")
        .first()
    )


def is_flagged(person: Any) -> bool:
    return active_flags().filter(person_id=person.pk).exists()


def care_team_by(role: str, program_id: int | None, user_id: int | None, person: Any) -> bool:
    """The care team of `person`: their case manager, the program's supervisors and admins."""
    if program_id is None or program_id != person.program_id:
        return False
    if role in CARE_TEAM_ROLES:
        return True
    if role == Role.PARTICIPANT:
        # Their own places are theirs (the portal's decoy PIN guards a shared phone), and
        # reading them is no alert.
        account = getattr(person, "portal_account", None)
        return user_id is not None and account is not None and account.user_id == user_id
    return role == Role.CASE_MANAGER and user_id is not None and person.case_manager_id == user_id


def in_care_team(actor: Actor, person: Any) -> bool:
    user_id = actor.user.pk if actor.user is not None else None
    return care_team_by(actor.role, actor.program_ref, user_id, person)


def hides_places(actor: Actor, person: Any) -> bool:
    """Whether this actor must get `person` without their places."""
    if in_care_team(actor, person):
        return False
    if person.program_id == actor.program_ref:
        return person.pk in actor.flagged_people  # one query per request, not per row
    return is_flagged(person)


def without_places(actor: Actor, person: Any, groups: frozenset[G]) -> frozenset[G]:
    return groups - PLACE_GROUPS if hides_places(actor, person) else groups


def hidden_fields(actor: Actor, person: Any) -> frozenset[str]:
    """The person's columns this actor may not be shown (empty for the care team)."""
    return PLACE_FIELDS if hides_places(actor, person) else frozenset()


def hidden_people(actor: Actor) -> QuerySet[SafetyFlag, Any]:
    """The `person_id`s of flagged people whose care team this actor is not in: for lists
    that must leave them out (duplicate candidates, the court-date agenda rows)."""
    flags = active_flags()
    if actor.role in CARE_TEAM_ROLES and actor.program_ref is not None:
        flags = flags.exclude(person__program_id=actor.program_ref)
    elif actor.role == Role.CASE_MANAGER and actor.user is not None:
        flags = flags.exclude(person__case_manager_id=actor.user.pk)
    return flags.values("person_id")
