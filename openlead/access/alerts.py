"""Record-view alerts: one account opening unusually many people's records.

Called by `audit.record` after every allowed READ of one person (every participant read
in the app is audited, so this sees them all: access.helpers, casework.access,
referrals.queries, records). When the number of distinct people this account read in the
program's window first exceeds the program's limit, it writes one AccessAlert, audits
it, and emails the program admins where email is configured. One alert per account per
window: the views after the first alert in a window do not raise another.

A read of a safety-flagged person by anyone outside their care team (access.safety)
raises its own alert, reason "safety flag", once per account and person per window.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet

from openlead.access import chain, safety
from openlead.access.models import (
    AccessAlert,
    AlertReason,
    AuditAction,
    AuditEvent,
    AuditOutcome,
    Membership,
)
from openlead.access.roles import Role

if TYPE_CHECKING:
    from openlead.programs.models import Program

log = logging.getLogger(__name__)
PURPOSE = "record-view alert"


def _watched(event: AuditEvent) -> bool:
    return (
        event.action == AuditAction.READ
        and event.outcome == AuditOutcome.ALLOWED
        and bool(event.person_ref)
        and event.actor_id is not None
        and event.program_id is not None
    )


def distinct_reads(actor_id: int, program_id: int, since: dt.datetime) -> int:
    """Distinct people whose records this account read in this program after `since`,
    counting this transaction's reads that have not joined the chain yet (chain.append)."""
    reads = AuditEvent.objects.filter(
        actor_id=actor_id,
        program_id=program_id,
        action=AuditAction.READ,
        outcome=AuditOutcome.ALLOWED,
        at__gt=since,
    ).exclude(person_ref="")
    waiting = {
        e.person_ref
        for e in chain.pending_events()
        if _watched(e) and (e.actor_id, e.program_id) == (actor_id, program_id) and e.at > since
    }
    counted = set(reads.filter(person_ref__in=waiting).values_list("person_ref", flat=True))
    return reads.values("person_ref").distinct().count() + len(waiting - counted)


def _programs() -> QuerySet[Program]:
    """Programs, reached through the alert's own relation: access sits below programs."""
    field = AccessAlert._meta.get_field("program")
    model: type[Program] = field.related_model  # type: ignore[assignment]
    return model._default_manager.all()


def check_record_views(event: AuditEvent) -> AccessAlert | None:
    """Raise an alert if `event` takes its account over the program's limit (else None)."""
    if not _watched(event):
        return None
    assert event.actor_id is not None and event.program_id is not None  # _watched
    program = _programs().filter(pk=event.program_id).first()
    if program is None:
        return None
    since = event.at - dt.timedelta(minutes=program.view_alert_minutes)
    count = distinct_reads(event.actor_id, event.program_id, since)
    if count <= program.view_alert_records:
        return None
    already = AccessAlert.objects.filter(
        actor_id=event.actor_id, program=program, reason=AlertReason.VOLUME, at__gt=since
    ).exists()
    return None if already else _raise_alert(event, program, count)


def check_safety_view(event: AuditEvent) -> AccessAlert | None:
    """A "safety flag" alert when someone outside the flagged person's care team opens them."""
    if not _watched(event):
        return None
    flags = safety.active_flags().filter(person__public_id=event.person_ref)
    flag = flags.select_related("person").first()
    if flag is None:
        return None
    person = flag.person
    if safety.care_team_by(event.role, event.program_id, event.actor_id, person):
        return None
    assert event.program_id is not None  # _watched
    program = _programs().filter(pk=event.program_id).first()
    if program is None:
        return None
    since = event.at - dt.timedelta(minutes=program.view_alert_minutes)
    already = AccessAlert.objects.filter(
        actor_id=event.actor_id,
        program=program,
        reason=AlertReason.SAFETY_FLAG,
        person_ref=event.person_ref,
        at__gt=since,
    ).exists()
    if already:
        return None
    return _raise_alert(event, program, 1, reason=AlertReason.SAFETY_FLAG)


def _raise_alert(
    event: AuditEvent, program: Program, count: int, *, reason: str = AlertReason.VOLUME
) -> AccessAlert:
    flagged = reason == AlertReason.SAFETY_FLAG
    alert = AccessAlert.objects.create(
        actor_id=event.actor_id,
        actor_username=event.actor_username,
        role=event.role,
        program=program,
        distinct_records=count,
        threshold=program.view_alert_records,
        window_minutes=program.view_alert_minutes,
        at=event.at,
        reason=reason,
        person_ref=event.person_ref if flagged else "",
    )
    # The alert's own event is ADMIN with no person_ref, so it never re-enters this check.
    chain.append(
        chain.Who(None, "openlead", "", event.program_id),
        action=AuditAction.ADMIN,
        outcome=AuditOutcome.ALLOWED,
        purpose=PURPOSE,
        detail={
            "alert": alert.public_id,
            "actor_id": event.actor_id,
            "actor_username": event.actor_username,
            "distinct_records": count,
            "threshold": alert.threshold,
            "window_minutes": alert.window_minutes,
            "reason": reason,
        },
    )
    transaction.on_commit(lambda: email_admins(alert))
    return alert


def admin_addresses(program_id: int) -> list[str]:
    emails = (
        Membership.objects.filter(program_id=program_id, role=Role.PROGRAM_ADMIN, active=True)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def email_admins(alert: AccessAlert) -> int:
    """Mail the program admins (after the commit); no participant data is in the mail."""
    if not getattr(settings, "OPENLEAD_EMAIL_ENABLED", False):
        return 0
    recipients = admin_addresses(alert.program_id)
    if not recipients:
        return 0
    subject, body = _mail_text(alert)
    try:
        return send_mail(subject, body, None, recipients)
    except OSError:
        # The alert is stored and audited; a mail server being down must not undo it.
        log.exception("record-view alert %s: email failed", alert.public_id)
        return 0


def _mail_text(alert: AccessAlert) -> tuple[str, str]:
    review = "Review it on the Alerts page of openlead (/alerts/) and in the audit log."
    who = f"The account {alert.actor_username} ({alert.get_role_display()})"
    if alert.reason == AlertReason.SAFETY_FLAG:
        # No name and no id in the mail: the alerts page names the record.
        return (
            f"openlead: safety flag: {alert.actor_username} opened a flagged record",
            f"{who}, outside the care team, opened the record of a participant with a "
            f"safety flag.\n\n{review}",
        )
    return (
        f"openlead: {alert.actor_username} opened {alert.distinct_records} records",
        f"{who} opened {alert.distinct_records} different people's records within "
        f"{alert.window_minutes} minutes; the program's limit is {alert.threshold}.\n\n{review}",
    )
