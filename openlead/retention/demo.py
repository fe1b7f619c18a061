"""Demo data for the deletion and legal-hold pages: two requests waiting for approval
(one from a participant, one from their case manager) and a legal hold on one of them,
so approving it shows the request waiting for the hold."""

from __future__ import annotations

from openlead.access.acting import Actor
from openlead.access.models import User
from openlead.people.models import Person
from openlead.programs.models import Program
from openlead.retention.actions import request_deletion
from openlead.retention.actions.holds import do_place_hold


def seed_retention_demo(program: Program) -> None:
    alice, bob = User.objects.get(username="alice"), User.objects.get(username="bob")
    people = list(
        Person.objects.filter(program=program, case_manager=alice, merged_into__isnull=True)
        .exclude(status="referred")
        .order_by("-pk")[:2]
    )
    if len(people) < 2:
        return
    staff = Actor.of(alice, "case_manager", program.pk)
    reason = "Asked at the drop-in centre to have the record removed."
    request_deletion(people[0], acting=staff, source="staff", reason=reason)
    portal = Actor.system("demo portal", program.pk)
    request_deletion(people[1], acting=portal, source="participant", reason="")
    do_place_hold(
        people[1],
        acting=Actor.of(bob, "supervisor", program.pk),
        reason="Civil claim against the program (demo)",
        reference="CV-DEMO-1",
    )
