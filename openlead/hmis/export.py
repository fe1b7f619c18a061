"""`openlead export hmis`: write a program's HMIS CSV FY2026 files for a period.

Reads the program's enrollments (casework), people and releases directly, as the
evaluation extract does, and writes one audit event per exported person (an EXPORT
naming the field groups released to the CoC, so the participant's access history and
the accounting of disclosures show it) and one for the export as a whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.casework.models import Enrollment, StatusSnapshot
from openlead.hmis import person_rows as pr
from openlead.hmis.coverage import covered_groups
from openlead.hmis.models import HmisProject
from openlead.hmis.project_rows import Ids, Row, export_row, project_rows, user_rows
from openlead.hmis_spec import FILES
from openlead.hmis_spec.codes import LIVING_SITUATION
from openlead.people import vault

PURPOSE = "HMIS export to the continuum of care"


@dataclass(frozen=True)
class ExportResult:
    export_id: str
    rows: dict[str, int]  # file -> data rows
    people: int


def build_files(
    hmis: HmisProject, start: dt.date, end: dt.date, export_id: str
) -> tuple[dict[str, list[Row]], dict[str, frozenset[str]]]:
    """Every file's rows, and the released groups of each exported person (by public id)."""
    program = hmis.program
    zone = ZoneInfo(program.time_zone)
    clock = _clock(zone)
    now = clock(timezone.now())
    ids = Ids.of(program, export_id)
    files: dict[str, list[Row]] = {name: [] for name in FILES}
    files["Export.csv"] = [export_row(ids, start, end, now, program)]
    files |= project_rows(hmis, ids, clock)
    enrollments = _enrollments(program, start, end)
    today = timezone.now().astimezone(zone).date()
    groups = covered_groups(hmis, {e.person_id for e in enrollments}, today)
    enrollments = [e for e in enrollments if e.person_id in groups]
    users: dict[str, Any] = {}
    released = _people_rows(enrollments, groups, ids, clock, files)
    snapshots = _snapshots(enrollments)
    for enrollment in enrollments:
        _enrollment_rows(enrollment, hmis, snapshots, groups, ids, clock, users, files, end)
    files["User.csv"] = user_rows(users, ids, clock)
    return files, released


def _clock(zone: ZoneInfo) -> Callable[[dt.datetime | None], str]:
    def local(moment: dt.datetime | None) -> str:
        moment = moment or timezone.now()
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")

    return local


def _enrollments(program: Any, start: dt.date, end: dt.date) -> list[Any]:
    """Stays that overlap the period: started by its end, not exited before its start."""
    found = Enrollment.objects.filter(program=program, started_on__lte=end).filter(
        Q(exited_on=None) | Q(exited_on__gte=start)
    )
    return list(found.select_related("person", "case_manager").order_by("started_on", "pk"))


def _people_rows(
    enrollments: list[Any],
    groups: dict[int, frozenset[str]],
    ids: Ids,
    clock: Any,
    files: dict[str, list[Row]],
) -> dict[str, frozenset[str]]:
    people = {e.person_id: e.person for e in enrollments}
    keys = vault.data_keys([p.public_id for p in people.values()])  # one query
    released = {}
    for pk, person in sorted(people.items()):
        identity = {}
        if FieldGroup.IDENTITY in groups[pk]:
            dek = keys.get(person.public_id) or vault.data_key(person.public_id)
            for column in ("legal_name", "date_of_birth"):
                identity[column] = vault.get_person_field(person, dek, column)
        files["Client.csv"].append(pr.client_row(person, identity, groups[pk], ids, clock))
        released[person.public_id] = groups[pk]
    return released


def _snapshots(enrollments: list[Any]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    people = {e.person_id for e in enrollments}
    for snap in (
        StatusSnapshot.objects.filter(person_id__in=people)
        .select_related("recorded_by")
        .order_by("month", "pk")
    ):
        found.setdefault(snap.person_id, []).append(snap)
    return found


def _enrollment_rows(
    enrollment: Any,
    hmis: HmisProject,
    snapshots: dict[int, list[Any]],
    groups: dict[int, frozenset[str]],
    ids: Ids,
    clock: Any,
    users: dict[str, Any],
    files: dict[str, list[Row]],
    end: dt.date,
) -> None:
    released = groups[enrollment.person_id]
    exited = enrollment.exited_on if enrollment.exited_on and enrollment.exited_on <= end else None
    last = exited or end
    entry_month = enrollment.started_on.replace(day=1)
    stay = [s for s in snapshots.get(enrollment.person_id, []) if entry_month <= s.month <= last]
    entry = pr.NOT_COLLECTED
    if FieldGroup.CASEWORK_NOTES in released and stay and stay[0].month == entry_month:
        entry = pr.situation(stay[0].living_situation, LIVING_SITUATION)
    files["Enrollment.csv"].append(pr.enrollment_row(enrollment, hmis, entry, ids, clock, users))
    if exited:
        files["Exit.csv"].append(pr.exit_row(enrollment, ids, clock, users))
    for name, rows in pr.stay_rows(enrollment, stay, released, ids, clock, users).items():
        files[name].extend(rows)


def render(files: dict[str, list[Row]]) -> dict[str, str]:
    """File name -> CSV text, every column of the spec in order (blank where not filled)."""
    out = {}
    for name, columns in FILES.items():
        handle = io.StringIO(newline="")
        writer = csv.DictWriter(handle, fieldnames=[c.name for c in columns], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(files.get(name, []))
        out[name] = handle.getvalue()
    return out


def run_export(
    hmis: HmisProject, start: dt.date, end: dt.date, *, acting: Actor
) -> tuple[ExportResult, dict[str, str]]:
    """Build the files and write the audit events, in one transaction: if the audit
    write fails, no file is made."""
    export_id = secrets.token_hex(8)
    with transaction.atomic():
        files, released = build_files(hmis, start, end, export_id)
        for person_ref, groups in released.items():
            acting.audit(
                action=AuditAction.EXPORT,
                outcome=AuditOutcome.ALLOWED,
                person_ref=person_ref,
                groups=sorted(groups),
                purpose=PURPOSE,
                detail={"export_id": export_id, "coc": hmis.coc_code},
            )
        rows = {name: len(files.get(name, [])) for name in FILES}
        acting.audit(
            action=AuditAction.EXPORT,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.ENROLLMENT_STATUS],
            purpose=PURPOSE,
            detail={
                "program_id": hmis.program_id,
                "export_id": export_id,
                "people": len(released),
                "from": start.isoformat(),
                "to": end.isoformat(),
            },
        )
    return ExportResult(export_id, rows, len(released)), render(files)


def write_directory(texts: dict[str, str], out: Path) -> None:
    for name, text in texts.items():
        (out / name).write_text(text, encoding="utf-8", newline="")


def zip_bytes(texts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in texts.items():
            archive.writestr(name, text)
    return buffer.getvalue()
