"""Legal's own agenda sections, each a builder over the people the viewer may see at all
(openlead.access.helpers.scoped_people): a person outside that scope is never a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from openlead.access import safety
from openlead.access.justice_scope import releases_naming
from openlead.access.roles import FieldGroup as G
from openlead.legal.models import AgendaSection, CourtDate, LegalCase
from openlead.legal.owg.registry import Section, Window
from openlead.people import disclosure
from openlead.people.models import ConsentRelease
from openlead.referrals.models import Referral, Status

LAPSE_DAYS = 3
COURT_DAYS = 14
RELEASE_DAYS = 30


def _zone(window: Window) -> Any:
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(window.program.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def _day(at: dt.datetime, window: Window) -> str:
    return f"{timezone.localtime(at, _zone(window)):%-d %b %Y}"


def _moment(at: dt.datetime, window: Window) -> str:
    return f"{timezone.localtime(at, _zone(window)):%-d %b %Y, %H:%M}"


def new_referrals(people: QuerySet[Any], window: Window) -> Iterable[tuple[Any, str]]:
    rows = Referral.objects.filter(
        person__in=people, referred_at__gte=window.since, referred_at__lte=window.anchor
    ).select_related("person")
    for r in rows.order_by("-referred_at", "-pk"):
        yield r.person, f"{r.get_door_display()}, referred {_day(r.referred_at, window)}"


def lapsing(people: QuerySet[Any], window: Window) -> Iterable[tuple[Any, str]]:
    end = window.anchor + dt.timedelta(days=LAPSE_DAYS)
    rows = Referral.objects.filter(
        person__in=people,
        status=Status.AWAITING_INTAKE,
        intake_deadline__gte=window.anchor,
        intake_deadline__lte=end,
    ).select_related("person")
    for r in rows.order_by("intake_deadline", "pk"):
        assert r.intake_deadline is not None  # filtered on above
        yield r.person, f"Intake window ends {_moment(r.intake_deadline, window)}"


def new_charges(people: QuerySet[Any], window: Window) -> Iterable[tuple[Any, str]]:
    cases = LegalCase.objects.filter(
        person__in=people, created_at__gte=window.since, created_at__lte=window.anchor
    ).select_related("person")
    for case in cases.prefetch_related("charges").order_by("-created_at", "-pk"):
        charges = "; ".join(f"{c.label} ({c.code})" for c in case.charges.all())
        source = case.get_source_display().split(" (")[0].lower()
        text = f"{case.case_number}, {case.jurisdiction} ({source})"
        yield case.person, f"{text}: {charges}" if charges else text


def court_dates(people: QuerySet[Any], window: Window) -> Iterable[tuple[Any, str]]:
    end = window.anchor + dt.timedelta(days=COURT_DAYS)
    # A flagged person's court dates (a time and a place) are for their care team only.
    dates = (
        CourtDate.objects.filter(case__person__in=people, at__gte=window.anchor, at__lte=end)
        .exclude(case__person__in=safety.hidden_people(window.actor))
        .select_related("case__person")
    )
    for d in dates.order_by("at", "pk"):
        where = f" at {d.location}" if d.location else ""
        text = f"{d.get_kind_display()} {_moment(d.at, window)}{where}, case {d.case.case_number}"
        yield d.case.person, text


def releases_expiring(people: QuerySet[Any], window: Window) -> Iterable[tuple[Any, str]]:
    """The care team sees every release ending soon; anyone else only the releases that
    name them (which they hold anyway): never another office's."""
    today = timezone.localtime(window.anchor, _zone(window)).date()
    releases = ConsentRelease.objects.filter(
        person__in=people,
        revoked_at__isnull=True,
        starts_on__lte=today,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=RELEASE_DAYS),
    )
    if disclosure.outside_care_team(window.actor.role):
        releases = releases.filter(releases_naming(window.actor, today))
    rows = releases.select_related("person", "recipient_organization")
    for c in rows.order_by("expires_on", "pk"):
        yield c.person, f"Release to {disclosure.recipient_text(c)} ends {c.expires_on:%-d %b %Y}"


LEGAL_SECTIONS: dict[AgendaSection, Section] = {
    s.key: s
    for s in (
        Section(AgendaSection.NEW_REFERRALS, G.REFERRAL, new_referrals),
        Section(AgendaSection.LAPSING, G.ENROLLMENT_STATUS, lapsing),
        Section(AgendaSection.NEW_CHARGES, G.LEGAL, new_charges),
        Section(AgendaSection.COURT_DATES, G.LEGAL, court_dates),
        Section(AgendaSection.CONSENTS_EXPIRING, G.ENROLLMENT_STATUS, releases_expiring),
    )
}
