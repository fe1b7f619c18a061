"""Users, program memberships, the hash-chained audit log and the key store."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac

from openlead.access.immutable import ImmutableModelMixin
from openlead.access.roles import Role


def new_public_id() -> str:
    """A random, unguessable id for URLs; sequential ids would leak counts and invite IDOR."""
    return secrets.token_urlsafe(12)


class User(AbstractUser):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    work_phone = models.CharField(max_length=40, blank=True)
    # Part of the session hash: bumping it (access.sessions.end_sessions_of) ends every
    # session of this user at its next request (role change, MFA reset, deactivation).
    session_epoch = models.PositiveIntegerField(default=0)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        return salted_hmac(
            "openlead.access.User.session_auth_hash",
            f"{self.password}|{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Membership(models.Model):
    """A user's role in one program for one organization; access is decided per membership."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "program", "role"], name="one_role_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.user.username} · {self.get_role_display()} · {self.program}"


class AuditAction(models.TextChoices):
    READ = "read", "Read"
    LIST = "list", "List"
    SEARCH = "search", "Search"
    EXPORT = "export", "Export"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    LOGIN = "login", "Log in"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Log out"
    KEY_ROTATE = "key_rotate", "Key rotation"
    ADMIN = "admin", "Administration"
    # Second factor (access.mfa); the audit holds which method, never a code or a secret.
    MFA_ENROL = "mfa_enrol", "MFA enrolment"
    MFA_VERIFY = "mfa_verify", "MFA verification"
    MFA_FAILED = "mfa_failed", "Failed MFA verification"
    MFA_RECOVERY = "mfa_recovery", "Recovery code used"
    MFA_RESET = "mfa_reset", "MFA reset"


class AuditOutcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    DENIED = "denied", "Denied"
    NOT_FOUND = "not_found", "Not found"


class AuditEvent(ImmutableModelMixin):
    """One append-only, hash-chained event. Never updated or deleted (a PG trigger refuses)."""

    seq = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=32, blank=True)
    program_id = models.BigIntegerField(null=True)
    # Public ids only: the audit log must not itself become a copy of the records.
    # Indexed for the access-history page (access.queries.access_history).
    person_ref = models.CharField(max_length=24, blank=True, db_index=True)
    field_groups = models.JSONField(default=list)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    purpose = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=12, choices=AuditOutcome.choices)
    request_id = models.CharField(max_length=40, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict)
    # Where a staff request came from (CJIS AU-3 "source"), as the trusted proxies tell
    # (access.clientip). Never set for the public self-referral door.
    client = models.CharField(max_length=45, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            # access.alerts.check_record_views counts one actor's recent reads after each read.
            models.Index(fields=["actor_id", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"audit #{self.seq} {self.action} {self.outcome}"


class PersonKey(ImmutableModelMixin):
    """A person's wrapped data key. Lives in the separate `keys` database (see routers)."""

    # `keys rotate` rewraps a key under the new key-encryption key; nothing else changes.
    MUTABLE_FIELDS = frozenset({"kek_id", "wrapped", "rotated_at"})

    person_ref = models.CharField(max_length=24, primary_key=True)
    kek_id = models.CharField(max_length=40, db_index=True)  # `keys rotate` finds stale rows
    wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"data key of {self.person_ref} under {self.kek_id}"


class GrantStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a second program admin"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class RoleGrant(models.Model):
    """A request to give an account a role that reads participant data.

    Two-person rule (issue 12): a program admin asks, a different program admin of the
    same program approves; only then does a Membership exist. Rows are kept as history.
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    # A role change: the membership this grant replaces once approved.
    replaces = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300)
    status = models.CharField(
        max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            # access.queries.pending_grants lists a program's pending grants (the users page).
            models.Index(fields=["program", "status"]),
        ]

    def __str__(self) -> str:
        return f"grant {self.public_id} ({self.role})"


class AccountToken(models.Model):
    """A one-time set-password link: only its SHA-256 is stored, and it dies when used,
    when a newer one is issued, or after TOKEN_HOURS. Creators never choose passwords."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"set-password link of user {self.user_id}"  # never the token


class LoginFailure(models.Model):
    """One failed login, by a keyed hash of the client address (never the address itself).

    The softer per-network throttle (access.logins) counts these; in the database, not in
    process memory, so the limit holds across gunicorn workers. Rows older than a day go.
    """

    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        # access.logins.check_login_throttle counts one address's last 15 minutes.
        indexes = [models.Index(fields=["client_hash", "at"])]

    def __str__(self) -> str:
        return f"failed login at {self.at:%Y-%m-%d %H:%M}"


class AlertReason(models.TextChoices):
    VOLUME = "volume", "Many records opened"
    SAFETY_FLAG = "safety_flag", "Safety flag"


class AccessAlert(models.Model):
    """One account opened more distinct people's records than its program allows in a
    window (anti-exfiltration). Written by access.alerts, shown on /alerts/ to program admins."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_username = models.CharField(max_length=150)
    role = models.CharField(max_length=32, choices=Role.choices)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="access_alerts"
    )
    distinct_records = models.PositiveIntegerField()
    threshold = models.PositiveIntegerField()
    window_minutes = models.PositiveIntegerField()
    at = models.DateTimeField()
    # Why it was raised: too many records, or one safety-flagged person opened by someone
    # outside their care team (access.safety); person_ref only for the second kind.
    reason = models.CharField(
        max_length=16, choices=AlertReason.choices, default=AlertReason.VOLUME
    )
    person_ref = models.CharField(max_length=24, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # access.queries.alerts_page (newest first per program) and the once-per-window check.
            models.Index(fields=["program", "at"], name="alert_program_at"),
            models.Index(fields=["actor", "program", "at"], name="alert_actor_program_at"),
        ]

    def __str__(self) -> str:
        return f"record-view alert {self.public_id}"


class SafetyKind(models.TextChoices):
    """Why a participant is at risk from someone who may look for them."""

    DOMESTIC_VIOLENCE = "dv", "Domestic violence"
    TRAFFICKING = "trafficking", "Trafficking"
    STALKING = "stalking", "Stalking"


class SafetyFlag(models.Model):
    """While set (removed_at empty), the person's places are for their care team only
    (access.safety). Removing it takes two people: one asks, a supervisor or program admin
    other than the asker confirms. Rows are kept after removal: who set and removed it is
    part of the record. The note is sealed under the person's data key."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="safety_flags"
    )
    kind = models.CharField(max_length=12, choices=SafetyKind.choices)
    note = models.BinaryField(null=True)  # encrypted
    set_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField()
    removal_asked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal_asked_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        indexes = [
            # access.safety.flagged (every projection, the alert check, candidate lists).
            models.Index(fields=["person", "removed_at"], name="safety_person_removed"),
        ]

    def __str__(self) -> str:
        return f"safety flag {self.public_id}"
