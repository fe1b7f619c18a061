"""Who goes into a program's HMIS export, and which of their field groups.

A person is covered when a release (people.ConsentRelease) names the program's CoC
organization, is in force on the day of the export, and releases enrollment status at
least: HMIS is a record of enrollments. The groups of every such release together say
what else goes: identity (name, date of birth), demographics (race, sex), casework
notes (the monthly living situation, income, insurance and employment). Anything not
released is written as HMIS "data not collected" (99) or left blank, as the spec asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openlead.access.roles import FieldGroup
from openlead.hmis.models import HmisProject
from openlead.people.models import ConsentRelease

REQUIRED = FieldGroup.ENROLLMENT_STATUS


def covered_groups(
    project: HmisProject, person_ids: Iterable[int], today: dt.date
) -> dict[int, frozenset[str]]:
    """Person pk -> the field groups released to the CoC, for each covered person."""
    releases = ConsentRelease.objects.filter(
        person_id__in=list(person_ids),
        recipient_organization_id=project.coc_organization_id,
        revoked_at=None,
    )
    groups: dict[int, set[str]] = {}
    for release in releases:
        if release.is_active(today):
            groups.setdefault(release.person_id, set()).update(release.field_groups)
    return {pk: frozenset(g) for pk, g in groups.items() if REQUIRED in g}
