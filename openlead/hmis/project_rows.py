"""The project-level files: Export, Organization, Project, Funder, ProjectCoC, User."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openlead.hmis.models import HmisProject
from openlead.hmis_spec import CSV_VERSION, codes

Row = dict[str, str]
Clock = Callable[[dt.datetime | None], str]  # an aware time -> the program's local text
SYSTEM_USER = "openlead"  # records made by the system (the demo, an import): no account


@dataclass(frozen=True)
class Ids:
    export: str
    organization: str
    project: str

    @classmethod
    def of(cls, program: Any, export_id: str) -> Ids:
        return cls(export_id, f"O{program.pk}", f"P{program.pk}")


def stamp(created: str, updated: str, ids: Ids, user: str = SYSTEM_USER) -> Row:
    return {
        "DateCreated": created,
        "DateUpdated": max(created, updated),
        "UserID": user,
        "DateDeleted": "",
        "ExportID": ids.export,
    }


def export_row(ids: Ids, start: dt.date, end: dt.date, now: str, program: Any) -> Row:
    return {
        "ExportID": ids.export,
        "SourceType": "2",  # a standalone/agency system, not the CoC's HMIS
        "SourceID": ids.organization,
        "SourceName": program.name[:50],
        "ExportDate": now,
        "ExportStartDate": start.isoformat(),
        "ExportEndDate": end.isoformat(),
        "SoftwareName": "openlead",
        "CSVVersion": CSV_VERSION,
        "ExportPeriodType": "3",  # the reporting period asked for
        "ExportDirective": "2",  # a full refresh of the period
        "HashStatus": "1",  # unhashed: what is not released is left out, not hashed
    }


def project_rows(hmis: HmisProject, ids: Ids, clock: Clock) -> dict[str, list[Row]]:
    program = hmis.program
    tail = stamp(clock(program.created_at), clock(hmis.updated_at), ids)
    return {
        "Organization.csv": [
            {
                "OrganizationID": ids.organization,
                "OrganizationName": program.name[:200],
                "VictimServiceProvider": "0",  # a DV provider may not export to HMIS at all
                **tail,
            }
        ],
        "Project.csv": [
            {
                "ProjectID": ids.project,
                "OrganizationID": ids.organization,
                "ProjectName": program.name[:200],
                "OperatingStartDate": hmis.operating_start.isoformat(),
                "ContinuumProject": "1",
                "ProjectType": str(hmis.project_type),
                **tail,
            }
        ],
        "Funder.csv": [
            {
                "FunderID": f"F{program.pk}",
                "ProjectID": ids.project,
                "Funder": str(hmis.funder),
                "OtherFunder": hmis.other_funder
                if hmis.funder == codes.LOCAL_OR_OTHER_FUNDER
                else "",
                "GrantID": hmis.grant_id,
                "StartDate": hmis.operating_start.isoformat(),
                **tail,
            }
        ],
        "ProjectCoC.csv": [
            {
                "ProjectCoCID": f"C{program.pk}",
                "ProjectID": ids.project,
                "CoCCode": hmis.coc_code,
                "Geocode": hmis.geocode,
                "State": hmis.state,
                "ZIP": hmis.zip_code,
                "GeographyType": "99",  # ASSUMED: openlead does not ask urban/suburban/rural
                **tail,
            }
        ],
    }


def user_rows(users: dict[str, Any], ids: Ids, clock: Clock) -> list[Row]:
    """One row per account named by an exported record, and the system's own."""
    rows = [
        {"UserID": SYSTEM_USER, "UserFirstName": "openlead", "UserLastName": "system"}
        | _user_tail(clock(None), clock(None), ids)
    ]
    for user_id, user in sorted(users.items()):
        joined = clock(user.date_joined)
        rows.append(
            {
                "UserID": user_id,
                "UserFirstName": user.first_name[:50],
                "UserLastName": user.last_name[:50],
            }
            | _user_tail(joined, joined, ids)
        )
    return rows


def _user_tail(created: str, updated: str, ids: Ids) -> Row:
    row = stamp(created, updated, ids)
    del row["UserID"]
    return row
