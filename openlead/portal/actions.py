"""Every write of the participant portal: codes, enrolment, sign-in failures, the decoy
PIN, correction requests. Each takes one keyword-only `acting` actor, runs in a
transaction and writes an audit event (never a code, passphrase, PIN or request text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openlead.access.acting import Actor
from openlead.access.actions.sessions import end_sessions_of
from openlead.access.models import AuditAction, AuditOutcome, Membership, User
from openlead.access.roles import FieldGroup, Role
from openlead.people.actions import seal_and_record
from openlead.people.models import Person
from openlead.portal import codes
from openlead.portal.models import (
    CorrectionRequest,
    EnrolmentCode,
    PortalAccount,
    PortalPasskey,
    SignInFailure,
)

CODE_HOURS = 72
CORRECTION_MAX_CHARS = 2000


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once, on the page the issuing POST renders; never stored
    expires_at: dt.datetime
    ended_old_access: bool


def _end_old_access(account: PortalAccount) -> None:
    """Lost access (or a phone in someone else's hands): the old passphrase and every
    session of the account end now; the new code is the only way back in."""
    user = account.user
    user.set_unusable_password()
    user.save(update_fields=["password"])
    end_sessions_of(user)
    SignInFailure.objects.filter(account=account).delete()
    # A passkey is the phone's way in: the phone may be the thing that was lost.
    account.passkeys.all().delete()


def do_issue_enrolment_code(person: Person, *, acting: Actor) -> IssuedCode:
    now = timezone.now()
    raw = codes.normalized(code := codes.new_code())
    account = PortalAccount.objects.filter(person=person).select_related("user").first()
    with transaction.atomic():
        EnrolmentCode.objects.filter(person=person, used_at=None, killed_at=None).update(
            killed_at=now
        )
        row = EnrolmentCode.objects.create(
            person=person,
            code_hash=codes.code_hash(raw),
            organization=acting.membership.organization,
            created_by=acting.user,
            created_at=now,
            expires_at=now + dt.timedelta(hours=CODE_HOURS),
        )
        if account is not None:
            _end_old_access(account)
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            purpose="portal enrolment code",
            detail={"code": row.pk, "ended_old_access": account is not None},
        )
    return IssuedCode(code, row.expires_at, account is not None)


def usable_code(typed: str, *, now: dt.datetime | None = None) -> EnrolmentCode | None:
    """The live code a person typed: not used, not replaced, not past its 72 hours."""
    raw = codes.normalized(typed)
    if not raw:
        return None
    return (
        EnrolmentCode.objects.filter(
            code_hash=codes.code_hash(raw),
            used_at=None,
            killed_at=None,
            expires_at__gt=now or timezone.now(),
        )
        .select_related("person", "person__program", "organization")
        .first()
    )


def _new_account(code: EnrolmentCode, username: str) -> PortalAccount:
    person = code.person
    user = User(username=username)
    user.set_unusable_password()
    user.save(force_insert=True)
    Membership.objects.create(
        user=user, program=person.program, organization=code.organization, role=Role.PARTICIPANT
    )
    return PortalAccount.objects.create(person=person, user=user)


def do_enrol(code: EnrolmentCode, *, username: str, passphrase: str, acting: Actor) -> User:
    """The code is spent; the person's account (new, or their old one after a reissue)
    gets the chosen username and passphrase."""
    with transaction.atomic():
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
        account = PortalAccount.objects.filter(person=code.person).select_related("user").first()
        if account is None:
            account = _new_account(code, username)
        user = account.user
        user.username = username
        user.set_password(passphrase)
        user.is_active = True
        user.save(update_fields=["username", "password", "is_active"])
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=code.person.public_id,
            purpose="portal enrolment",
            detail={"code": code.pk, "account": user.public_id},
        )
    return user


def do_count_sign_in_failure(account: PortalAccount, *, acting: Actor) -> None:
    """One more wrong passphrase (the account is named, never what was typed)."""
    now = timezone.now()
    with transaction.atomic():
        SignInFailure.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
        SignInFailure.objects.create(account=account, at=now)
        acting.audit(
            action=AuditAction.LOGIN_FAILED,
            outcome=AuditOutcome.DENIED,
            purpose="portal sign-in",
            detail={"portal": True},
        )


def do_clear_sign_in_failures(account: PortalAccount, *, acting: Actor) -> None:
    """A right passphrase starts the count again (nothing to do, and no event, if clean)."""
    if not SignInFailure.objects.filter(account=account).exists():
        return
    with transaction.atomic():
        SignInFailure.objects.filter(account=account).delete()
        acting.audit(
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            purpose="portal sign-in failures cleared",
        )


def do_record_decoy_sign_in(*, acting: Actor) -> None:
    """A sign-in with the decoy PIN: kept quiet (no person named, so it never shows in
    anyone's "who read my record"), but on the audit log for the care team."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.LOGIN,
            outcome=AuditOutcome.DENIED,
            purpose="portal decoy",
            detail={"decoy": True},
        )


def do_set_decoy_pin(account: PortalAccount, pin: str, *, acting: Actor) -> None:
    """Set (or, with an empty pin, remove) the decoy PIN; only its hash is kept."""
    with transaction.atomic():
        account.decoy_pin_hash = make_password(pin) if pin else ""
        account.save(update_fields=["decoy_pin_hash"])
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=account.person.public_id,
            purpose="portal decoy PIN",
            detail={"decoy_set": bool(pin)},
        )


def do_register_passkey(
    account: PortalAccount,
    *,
    credential_id: bytes,
    public_key: bytes,
    sign_count: int,
    transports: list[str],
    acting: Actor,
) -> PortalPasskey:
    """Keep the public half of a passkey the participant's phone just made."""
    now = timezone.now()
    label = gettext("Phone passkey, added %(day)s") % {"day": timezone.localdate(now).isoformat()}
    with transaction.atomic():
        passkey = PortalPasskey.objects.create(
            account=account,
            credential_id=credential_id,
            public_key=public_key,
            sign_count=sign_count,
            transports=transports,
            label=label,
            created_at=now,
        )
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.ALLOWED,
            purpose="portal passkey registered",
            detail={"passkey": passkey.public_id},
        )
    return passkey


def do_remove_passkey(passkey: PortalPasskey, *, acting: Actor) -> None:
    with transaction.atomic():
        public_id = passkey.public_id
        passkey.delete()
        acting.audit(
            action=AuditAction.DELETE,
            outcome=AuditOutcome.ALLOWED,
            purpose="portal passkey removed",
            detail={"passkey": public_id},
        )


def do_use_passkey(passkey: PortalPasskey, sign_count: int, *, acting: Actor) -> None:
    """A verified passkey sign-in: the phone's counter moves on (a copied key would lag
    behind it and be refused) and the failures start again, as after a right passphrase.
    The session's LOGIN event follows from django.contrib.auth.login (access.signals)."""
    with transaction.atomic():
        passkey.sign_count = sign_count
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
        SignInFailure.objects.filter(account=passkey.account).delete()
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            purpose="portal passkey sign-in",
            detail={"portal": True, "passkey": passkey.public_id},
        )


def do_request_correction(person: Person, text: str, *, acting: Actor) -> CorrectionRequest:
    row = CorrectionRequest(person=person)
    return seal_and_record(
        acting,
        row,
        person=person,
        action=AuditAction.CREATE,
        groups=[FieldGroup.CASEWORK_NOTES],
        texts={"text": text.strip()[:CORRECTION_MAX_CHARS]},
        purpose="correction request",
        correction=row.public_id,
    )


def do_mark_correction_done(row: CorrectionRequest, *, acting: Actor) -> CorrectionRequest:
    if row.done_at is not None:
        return row
    row.done_at = timezone.now()
    row.done_by = acting.user
    with transaction.atomic():
        row.save(update_fields=["done_at", "done_by"])
        acting.audit(
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=row.person.public_id,
            groups=[FieldGroup.CASEWORK_NOTES],
            purpose="correction request done",
            detail={"correction": row.public_id},
        )
    return row


# A deleted participant's portal account goes with them. The person's deletion
# (retention.actions.shred) cascades to the PortalAccount row, but the Django user it
# pointed at would stay: a username the participant chose, a passphrase hash and a
# participant membership with nothing behind it. The receiver collects those users
# before the rows go and deletes them after (retention.signals.people_deleting).


@contextmanager
def _remove_accounts(user_ids: list[int], acting: Actor) -> Iterator[None]:
    yield
    removed, _ = User.objects.filter(pk__in=user_ids).delete()
    if user_ids:
        acting.audit(
            action=AuditAction.DELETE,
            outcome=AuditOutcome.ALLOWED,
            purpose="deletion: participant accounts removed",
            detail={
                "event": "deletion_step",
                "step": "portal_accounts_removed",
                "users": len(user_ids),
            },
        )


def remove_portal_accounts(sender: Any, *, person_ids: list[int], acting: Actor, **_: Any) -> Any:
    """The receiver of retention.signals.people_deleting (connected in apps.py)."""
    users = list(
        PortalAccount.objects.filter(person_id__in=person_ids).values_list("user_id", flat=True)
    )
    return _remove_accounts(users, acting)
