"""API tokens (one per integration) and the stored answers to idempotent writes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id


class Scope(models.TextChoices):
    """What a token may reach; the policy still decides within it, as for the persona."""

    REFERRALS_READ = "referrals:read", "Read the referrals it made"
    REFERRALS_WRITE = "referrals:write", "Make arrest and social-contact referrals"
    CASEWORK_READ = "casework:read", "Read the caseload, contacts, appointments, goals, status"
    CASEWORK_WRITE = "casework:write", "Record contacts and change goal status"
    IMPORTS_READ = "imports:read", "Read justice-record import batches and rejected rows"
    IMPORTS_WRITE = "imports:write", "Upload justice-record import files"
    EVALUATION_READ = "evaluation:read", "Read evaluation runs and download their outputs"


class ApiToken(models.Model):
    """One integration's token. The secret is shown once and only its keyed SHA-256 is kept
    (openlead.api.tokens.digest), so a copy of the database cannot call the API."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    name = models.CharField(max_length=80)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="api_tokens"
    )
    # The account and role the token acts as: every request is that membership's request.
    membership = models.ForeignKey(
        "access.Membership", on_delete=models.CASCADE, related_name="api_tokens"
    )
    scopes = models.JSONField(default=list)
    digest = models.CharField(max_length=64, unique=True)  # lookup by the presented secret
    prefix = models.CharField(max_length=12)  # shown in lists so an admin can tell tokens apart
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"ApiToken {self.prefix}"

    def usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at and self.membership.active


class IdempotentWrite(models.Model):
    """A write's answer, kept per token (or session user) and Idempotency-Key: a retry gets
    the same answer and creates nothing; the same key with another body is a 422."""

    owner = models.CharField(max_length=64)  # "token:<public id>" or "user:<public id>"
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of method, path and body
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    location = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="one_answer_per_key")]

    def __str__(self) -> str:
        return f"IdempotentWrite {self.pk}"
