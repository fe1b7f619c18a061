"""Who and what is past the program's retention schedule (ids and dates only: no field
group is read, so the job opens no participant data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Exists, Max, OuterRef, QuerySet, Value, When

from openlead.casework.models import Enrollment
from openlead.people import vault
from openlead.people.models import EnrollmentStatus, Person
from openlead.records.models import ImportRowError
from openlead.referrals.models import Referral
from openlead.retention.models import DeletionRequest, DeletionStatus, RetentionSchedule

REQUEST_LABEL = "retention.deletionrequest"  # the reason's AAD (actions.requests.LABEL)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def _people(program_id: int) -> QuerySet[Person]:
    return Person.objects.filter(program_id=program_id, merged_into__isnull=True)


def exited_past(schedule: RetentionSchedule, today: dt.date) -> QuerySet[Person]:
    """Exited people whose last exit is older than the schedule's years (never active
    or inactive again since)."""
    still_in = Enrollment.objects.filter(person=OuterRef("pk")).exclude(status="exited")
    return (
        _people(schedule.program_id)
        .filter(status=EnrollmentStatus.EXITED)
        .exclude(Exists(still_in))
        .annotate(last_exit=Max("enrollments__exited_on"))
        .filter(last_exit__lt=years_before(today, schedule.exited_years))
        .order_by("pk")
    )


def never_enrolled_past(schedule: RetentionSchedule, now: dt.datetime) -> QuerySet[Person]:
    """People never enrolled whose referrals are all closed, the last one before the cutoff."""
    cutoff = now - (now.date() - months_before(now.date(), schedule.never_enrolled_months))
    open_referral = Referral.objects.filter(person=OuterRef("pk"), closed_at__isnull=True)
    enrolled = Enrollment.objects.filter(person=OuterRef("pk"))
    return (
        _people(schedule.program_id)
        .filter(status=EnrollmentStatus.REFERRED)
        .exclude(Exists(open_referral))
        .exclude(Exists(enrolled))
        .annotate(last_closed=Max("referrals__closed_at"))
        .filter(last_closed__lt=cutoff)
        .order_by("pk")
    )


def rejected_rows_past(schedule: RetentionSchedule, now: dt.datetime) -> QuerySet[ImportRowError]:
    cutoff = now - dt.timedelta(days=schedule.rejected_rows_days)
    return ImportRowError.objects.filter(
        batch__program_id=schedule.program_id, batch__finished_at__lt=cutoff
    )


def approved_waiting(program_id: int) -> QuerySet[DeletionRequest]:
    """Approved requests not yet carried out (a legal hold held them back)."""
    return DeletionRequest.objects.filter(
        program_id=program_id, status=DeletionStatus.APPROVED
    ).order_by("pk")


def requests_for(program_id: int) -> QuerySet[DeletionRequest]:
    """The program's requests, open ones first, newest first within each."""
    closed = Case(
        When(status__in=[DeletionStatus.CARRIED_OUT, DeletionStatus.DECLINED], then=Value(1)),
        default=Value(0),
    )
    return (
        DeletionRequest.objects.filter(program_id=program_id)
        .select_related("person", "requested_by", "first_approved_by", "second_approved_by")
        .order_by(closed, "-created_at", "-pk")
    )


@dataclass(frozen=True)
class RequestRow:
    request: DeletionRequest
    name: str  # "" once the person is deleted
    reason: str  # "" once the person is deleted (the key went with them)


def request_rows(requests: list[DeletionRequest]) -> list[RequestRow]:
    """Each request with its person's name and its reason, opened with the people's keys
    in one key-store query; the caller's audited listing names the people shown."""
    refs = [r.person_ref for r in requests if r.person is not None]
    keys = vault.data_keys(refs)
    rows = []
    for r in requests:
        dek = keys.get(r.person_ref)
        if r.person is None or dek is None:
            rows.append(RequestRow(r, "", ""))
            continue
        reason = vault.open_text(dek, r.reason, REQUEST_LABEL, r.public_id, "reason")
        rows.append(RequestRow(r, vault.shown_name(r.person, dek), reason))
    return rows
