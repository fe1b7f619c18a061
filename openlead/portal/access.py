"""How the portal's pages reach the participant's own record: through openlead.access.

`own_record` is every /me/ page's first line: the participant capability (staff get the
audited 403), then the audited getter over their own scope (Scope.OWN_RECORD), which
writes the page's READ event with the groups it shows. A participant's own reads are
audit events like anyone's, and "who read my record" lists them as "you".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from openlead.access.acting import Actor
from openlead.access.getters import get_for, refuse_missing
from openlead.access.helpers import require
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.people.models import Person
from openlead.portal.models import PortalAccount
from openlead.programs.models import Program

G = FieldGroup
# What every /me/ page may show: status, the case manager's work contact, the plan and
# appointments (casework), the releases and court dates (legal).
BASE_GROUPS = frozenset({G.ENROLLMENT_STATUS, G.CM_CONTACT, G.CASEWORK_NOTES, G.LEGAL})
NOTE_GROUPS = frozenset({G.CASEWORK_NOTES, G.HEALTH, G.LEGAL, G.FUNDS, G.SAFETY, G.REFERRAL})


def allowed_note_groups(chosen: Iterable[str] | None) -> frozenset[FieldGroup]:
    return frozenset(G(g) for g in chosen or [] if g in G.values and G(g) in NOTE_GROUPS)


def note_groups(person: Person) -> frozenset[FieldGroup]:
    """The groups of notes the program lets the portal show (health withheld by default)."""
    return allowed_note_groups(person.program.portal_note_groups)


def _program_note_groups(program_id: int) -> frozenset[FieldGroup]:
    chosen = Program.objects.filter(pk=program_id).values_list("portal_note_groups", flat=True)
    return allowed_note_groups(chosen.first())


def own_ref(actor: Actor) -> str:
    ref = (
        PortalAccount.objects.filter(user=actor.user)
        .values_list("person__public_id", flat=True)
        .first()
    )
    return ref or ""


def own_record(
    request: HttpRequest, *, purpose: str, groups: Iterable[str] = (), notes: bool = False
) -> tuple[Actor, Person]:
    """The participant and their own person; `notes`: the page shows the notes the
    program allows, and its READ event names their groups."""
    actor = require(request, Capability.SEE_OWN_RECORD, purpose=purpose)
    ref = own_ref(actor)
    if not ref:
        raise refuse_missing(actor, "own record", purpose)
    if notes:
        groups = {*groups, *_program_note_groups(actor.program_id)}
    person = get_for(
        request,
        Person.objects.select_related("program", "case_manager"),
        ref,
        purpose=purpose,
        groups=groups,
    )
    return actor, person


def own_account(actor: Actor) -> PortalAccount:
    return PortalAccount.objects.select_related("person").get(user=actor.user)
