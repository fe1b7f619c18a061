"""Reads of the participant's own record for the /me/ pages, in plain words.

The callers have authorised and audited the read (portal.access.own_record); nothing
here checks the actor. Notes are opened only for the groups the program lets the portal
show (portal.access.note_groups), so a withheld group is never decrypted for these pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from openlead.access.models import AuditAction, AuditEvent, AuditOutcome, Membership
from openlead.access.roles import FieldGroup, Role
from openlead.casework.models import AppointmentStatus, GoalStatus
from openlead.casework.queries import open_appointment_note, open_goal
from openlead.legal.cases.queries import upcoming_court_dates
from openlead.people import disclosure, vault
from openlead.people.models import ConsentRelease, EnrollmentStatus, Person
from openlead.portal.models import CorrectionRequest

STATUS_WORDS = {
    EnrollmentStatus.REFERRED: gettext_lazy(
        "You were referred to the program. Your case manager will meet with you."
    ),
    EnrollmentStatus.ACTIVE: gettext_lazy("You are active in the program."),
    EnrollmentStatus.INACTIVE: gettext_lazy(
        "You are inactive right now. You can come back any time."
    ),
    EnrollmentStatus.EXITED: gettext_lazy("You have left the program."),
}
GOAL_WORDS = {
    GoalStatus.OPEN: gettext_lazy("Working on it"),
    GoalStatus.ACHIEVED: gettext_lazy("Done"),
    GoalStatus.SET_ASIDE: gettext_lazy("Set aside for now"),
}
READS = (AuditAction.READ, AuditAction.LIST, AuditAction.SEARCH, AuditAction.EXPORT)
WHO_READ_LIMIT = 2000  # events looked at; the page shows one line per reader per day
NOTES_LIMIT = 100


def status_words(person: Person) -> str:
    return str(STATUS_WORDS.get(EnrollmentStatus(person.status), person.get_status_display()))


@dataclass(frozen=True)
class CaseManager:
    name: str
    phone: str


def case_manager(person: Person) -> CaseManager | None:
    user = person.case_manager
    if user is None:
        return None
    return CaseManager(user.get_full_name() or user.username, user.work_phone)


def goals(person: Person, dek: bytes) -> list[dict[str, str]]:
    rows = []
    for goal in person.goals.all():
        words, steps = open_goal(goal, dek)
        status = str(GOAL_WORDS.get(GoalStatus(goal.status), goal.get_status_display()))
        rows.append({"words": words, "steps": steps, "status": status})
    return rows


def appointments(person: Person, dek: bytes, *, with_notes: bool) -> list[dict[str, Any]]:
    upcoming = person.appointments.filter(
        status=AppointmentStatus.PLANNED, starts_at__gte=timezone.now() - dt.timedelta(hours=12)
    ).select_related("provider")[:20]
    return [
        {
            "at": a.starts_at,
            "kind": a.get_kind_display(),
            "where": a.provider.name if a.provider else "",
            "note": open_appointment_note(a, dek) if with_notes else "",
        }
        for a in upcoming
    ]


def court_dates(person: Person) -> list[dict[str, Any]]:
    return [
        {"at": d.at, "kind": d.kind, "where": d.location, "case": d.case_number}
        for d in upcoming_court_dates(person, timezone.now(), limit=20)
    ]


@dataclass(frozen=True)
class Release:
    consent: ConsentRelease
    recipient: str
    shares: list[tuple[str, str]]  # (group label, plain meaning)
    state: str
    until: dt.date | None
    revocable: bool


def releases(person: Person) -> list[Release]:
    today = timezone.localdate()
    rows = person.consents.select_related("recipient_organization").order_by("-starts_on", "-pk")
    return [
        Release(
            c,
            disclosure.recipient_text(c),
            disclosure.plain_groups(c.field_groups),
            disclosure.state_text(c, today),
            c.expires_on,
            c.revoked_at is None and (c.expires_on is None or c.expires_on >= today),
        )
        for c in rows
    ]


def release_of(person: Person, consent_id: str) -> ConsentRelease | None:
    if not consent_id or len(consent_id) > 24:
        return None
    return person.consents.filter(public_id=consent_id).first()


def notes(person: Person, dek: bytes, groups: Iterable[FieldGroup]) -> list[dict[str, Any]]:
    allowed = [g.value for g in groups]
    rows = person.notes.filter(field_group__in=allowed).order_by("-created_at")[:NOTES_LIMIT]
    return [
        {"at": n.created_at, "group": n.get_field_group_display(), "text": vault.open_note(n, dek)}
        for n in rows
    ]


def corrections(person: Person, dek: bytes) -> list[dict[str, Any]]:
    return [
        {"at": r.created_at, "text": open_correction(r, dek), "done": r.done_at}
        for r in person.correction_requests.all()[:50]
    ]


def open_correction(row: CorrectionRequest, dek: bytes) -> str:
    return vault.open_text(dek, row.text, "portal.correctionrequest", row.public_id, "text")


@dataclass(frozen=True)
class ReadLine:
    day: dt.date
    who: str  # "You", or the staff member's name where the program shows names
    role: str
    organization: str
    times: int
    is_you: bool = False


def _organizations(events: list[AuditEvent]) -> dict[tuple[int, int, str], str]:
    actors = {e.actor_id for e in events if e.actor_id is not None}
    rows = Membership.objects.filter(user_id__in=actors).select_related("organization")
    return {(m.user_id, m.program_id, m.role): m.organization.name for m in rows}


def _reader(event: AuditEvent, own_user_id: int, show_names: bool) -> str:
    if event.actor_id == own_user_id:
        return _("You")
    return event.actor_username if show_names else ""


# The roles in the participant's language (Role's own labels are the staff pages' English).
ROLE_WORDS: dict[str, Any] = {
    Role.PROGRAM_ADMIN: pgettext_lazy("role", "Program admin"),
    Role.SUPERVISOR: pgettext_lazy("role", "Supervisor"),
    Role.CASE_MANAGER: pgettext_lazy("role", "Case manager"),
    Role.OUTREACH_WORKER: pgettext_lazy("role", "Outreach worker"),
    Role.POLICE_OFFICER: pgettext_lazy("role", "Police officer"),
    Role.COMMUNITY_REFERRER: pgettext_lazy("role", "Community referrer"),
    Role.PROSECUTOR: pgettext_lazy("role", "Prosecutor"),
    Role.DEFENDER: pgettext_lazy("role", "Defender"),
    Role.EVALUATOR: pgettext_lazy("role", "Evaluator"),
    Role.AUDITOR: pgettext_lazy("role", "Auditor"),
    Role.SYSADMIN: pgettext_lazy("role", "System administrator"),
    Role.PARTICIPANT: pgettext_lazy("role", "Participant"),
}


def who_read(person: Person, own_user_id: int) -> list[ReadLine]:
    """Every allowed read of the record by an account, one line per reader, role and day
    (the program's time zone), newest first."""
    events = list(
        AuditEvent.objects.filter(
            person_ref=person.public_id,
            action__in=READS,
            outcome=AuditOutcome.ALLOWED,
            actor_id__isnull=False,
        ).order_by("-seq")[:WHO_READ_LIMIT]
    )
    orgs = _organizations(events)
    show_names = person.program.portal_shows_staff_names
    lines: dict[tuple[dt.date, int, str], ReadLine] = {}
    for e in events:
        day = timezone.localdate(e.at)
        key = (day, e.actor_id or 0, e.role)
        if key in lines:
            old = lines[key]
            lines[key] = ReadLine(
                old.day, old.who, old.role, old.organization, old.times + 1, old.is_you
            )
            continue
        role = ROLE_WORDS.get(e.role, _("Staff"))
        org = orgs.get((e.actor_id or 0, e.program_id or 0, e.role), "")
        who = _reader(e, own_user_id, show_names)
        lines[key] = ReadLine(day, who, str(role), org, 1, e.actor_id == own_user_id)
    return list(lines.values())
