"""A participant's own door: their account, the one-time enrolment codes that open it, the
per-account sign-in failures that slow guessing, and their correction requests.

Codes and the decoy PIN are stored only as hashes (Django's password hashers); the
correction text is sealed under the person's data key, so deleting the person
crypto-shreds it like the rest of the record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id

USER = settings.AUTH_USER_MODEL


class PortalAccount(models.Model):
    """The one-to-one link between a participant's sign-in (a User with a participant
    Membership) and their Person; access.helpers.scoped_people follows it."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="portal_account"
    )
    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="portal_account")
    # A decoy PIN (safety): signing in with it shows a harmless page and nothing else.
    decoy_pin_hash = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"portal account of person {self.person_id}"


class EnrolmentCode(models.Model):
    """One code printed or read aloud by the case manager: valid CODE_HOURS, used once, and
    killed when a newer one is issued. Only its hash is kept."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    # The organization the participant's membership will carry: the issuer's.
    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    killed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"enrolment code of person {self.person_id}"  # never the code


class SignInFailure(models.Model):
    """One wrong passphrase for a portal account: portal.signin counts the last 15
    minutes to slow guessing. Never a lockout. Rows older than a day go."""

    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        # portal.signin.wait_seconds counts one account's recent failures.
        indexes = [models.Index(fields=["account", "at"])]

    def __str__(self) -> str:
        return f"portal sign-in failure at {self.at:%Y-%m-%d %H:%M}"


class CorrectionRequest(models.Model):
    """A participant asks for something in their record to be corrected; the care team
    sees it on the casework page and marks it done."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="correction_requests"
    )
    text = models.BinaryField()  # sealed under the person's data key
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        # portal.panel lists a person's open requests on the casework page.
        indexes = [models.Index(fields=["person", "done_at"])]

    def __str__(self) -> str:
        return f"correction request {self.public_id}"  # never the text


class PortalPasskey(models.Model):
    """A passkey (WebAuthn) a participant registered with their phone's screen lock. Only
    the public half is here; the private key never leaves the phone. A new enrolment
    code (lost access) deletes them with the old passphrase (portal.actions)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.BinaryField(max_length=1023, unique=True)
    public_key = models.BinaryField(max_length=2048)
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    label = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"passkey {self.pk} of account {self.account_id}"
