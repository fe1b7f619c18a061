"""An HMIS project for the test world, stays for its people, and releases to the CoC."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from openlead.access.acting import Actor
from openlead.access.roles import FieldGroup
from openlead.hmis.actions import do_set_hmis_project
from openlead.hmis.models import HmisProject
from tests.conftest import World

SYSTEM = Actor.system("fixture")
G = FieldGroup
FULL = [G.ENROLLMENT_STATUS, G.IDENTITY, G.DEMOGRAPHICS, G.CASEWORK_NOTES]
PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 11, 30))


def make_project(world: World) -> HmisProject:
    from openlead.programs.models import Organization

    coc = Organization.objects.create(name="Test Continuum of Care", kind="community")
    world.orgs["coc"] = coc
    return do_set_hmis_project(
        world.programs["demo"],
        acting=SYSTEM,
        coc_organization=coc,
        coc_code="WA-599",
        geocode="539999",
        project_type=6,
        funder=46,
        other_funder="Test fund",
        grant_id="TEST-1",
        state="WA",
        zip_code="98101",
    )


def stay(person: Any, *, started: dt.date, exited: dt.date | None = None) -> Any:
    """An enrollment (and a monthly status in its first month), written as casework does."""
    from openlead.casework.models import Enrollment, StatusSnapshot

    enrollment = Enrollment.objects.create(
        person=person,
        program=person.program,
        case_manager=person.case_manager,
        started_on=started,
        status="exited" if exited else "active",
        exited_on=exited,
        exit_destination=410 if exited else None,
    )
    StatusSnapshot.objects.create(
        person=person,
        month=started.replace(day=1),
        living_situation=116,
        employment_stage="seeking",
        income_any=1,
        income_sources=["ssi", "snap"],
        insurance_any=1,
        insurance_sources=["medicaid"],
    )
    return enrollment


def release(world: World, person: Any, groups: list[str], *, revoked: bool = False) -> Any:
    from openlead.people.actions import do_record_consent, do_revoke_consent

    consent = do_record_consent(
        person,
        acting=SYSTEM,
        field_groups=[str(g) for g in groups],
        starts_on=dt.date.today() - dt.timedelta(days=30),
        expires_on=dt.date.today() + dt.timedelta(days=300),
        organization_id=world.orgs["coc"].pk,
        purpose="HMIS participation",
    )
    if revoked:
        do_revoke_consent(consent, acting=SYSTEM)
    return consent


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def rewrite(folder: Path, name: str, row: int, column: str, value: str) -> None:
    """Set one value of a data row (row 0 is the first after the header)."""
    rows = read(folder, name)
    header = list(rows[0].keys())
    rows[row][column] = value
    with (folder / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
