"""Whether the program has room for one more person, worked out from its caseloads.

The protocol's capacity rule (Seattle 3.2: social contact referrals only while the program
has room after arrests) reads `capacity_available`. Only the system can know it, so the
referral form never asks the officer: screening fills it in from here.

Room means both: the people the program already carries (active, or referred and waiting)
are fewer than its case managers times the program's average caseload limit, and at least
one case manager is under the program's hard maximum. Counts only: no participant field
is read, so there is nothing to decrypt or audit here.
"""

from __future__ import annotations

from django.db.models import Count, Q

from openlead.access.models import Membership, User
from openlead.access.roles import Role
from openlead.people.models import EnrollmentStatus, Person
from openlead.programs.models import Program

CARRIED = (EnrollmentStatus.ACTIVE, EnrollmentStatus.REFERRED)


def has_room(program: Program) -> bool:
    managers = Membership.objects.filter(
        program=program, role=Role.CASE_MANAGER, active=True, user__is_active=True
    ).values("user_id")
    carried = Q(caseload__program=program, caseload__status__in=CARRIED)
    loads = list(
        User.objects.filter(pk__in=managers)
        .annotate(people=Count("caseload", filter=carried))
        .values_list("people", flat=True)
    )
    if not loads:
        return False
    waiting = Person.objects.filter(program=program, status__in=CARRIED).count()
    under_max = any(load < program.caseload_max for load in loads)
    return under_max and waiting < len(loads) * program.caseload_average_limit
