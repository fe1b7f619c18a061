"""The demo program's HMIS project (a fake CoC code) and releases to its CoC.

About two in three demo participants have a release to the Demo County Continuum of
Care: most release identity and casework notes too; some release enrollment status only
(so the export shows "data not collected" codes); some of the releases were revoked.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.roles import FieldGroup
from openlead.hmis.actions import do_set_hmis_project
from openlead.hmis.models import HmisProject, ProjectType
from openlead.people.actions import do_record_consent, do_revoke_consent
from openlead.programs.models import Organization, OrganizationKind

SYSTEM = Actor.system("openlead-demo")
COC_NAME = "Demo County Continuum of Care"
G = FieldGroup
FULL = [G.ENROLLMENT_STATUS, G.IDENTITY, G.DEMOGRAPHICS, G.CASEWORK_NOTES]


def seed_hmis_demo(program: Any, *, seed: int) -> None:
    if HmisProject.objects.filter(program=program).exists():
        return
    # A community organization: OrganizationKind has no CoC kind, and a kind is not needed.
    coc, _ = Organization.objects.get_or_create(
        name=COC_NAME, defaults={"kind": OrganizationKind.COMMUNITY}
    )
    do_set_hmis_project(
        program,
        acting=SYSTEM,
        coc_organization=coc,
        coc_code="WA-599",  # fake: not a real CoC
        geocode="539999",  # fake
        project_type=ProjectType.SERVICES_ONLY,
        operating_start=dt.date(2011, 10, 1),
        funder=46,
        other_funder="Demo County LEAD fund",
        grant_id="DEMO-LEAD-2026",
        state="WA",
        zip_code="98101",
    )
    _releases(program, coc, random.Random(seed))


def _releases(program: Any, coc: Organization, rng: random.Random) -> None:
    today = timezone.localdate()
    for person in program.people.order_by("pk"):
        roll = rng.random()
        if roll < 0.33:
            continue  # no release to the CoC: never exported
        groups = [G.ENROLLMENT_STATUS] if roll < 0.45 else FULL
        consent = do_record_consent(
            person,
            acting=SYSTEM,
            field_groups=[str(g) for g in groups],
            starts_on=today - dt.timedelta(days=rng.randint(30, 700)),
            expires_on=today + dt.timedelta(days=365),
            organization_id=coc.pk,
            purpose="HMIS participation (continuum of care)",
        )
        if rng.random() < 0.08:
            do_revoke_consent(consent, acting=SYSTEM)
