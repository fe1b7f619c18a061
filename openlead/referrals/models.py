"""Referral, its status machine, and the self-referral rate-limit log.

Facts, screening reasons and free-text answers are sensitive (criminal history): they are
stored only as ciphertexts under the person's data key (`sealed_*` columns, see
openlead.referrals.queries.open_screening). The plaintext columns are what lists need: door, status,
outcome and dates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.models import new_public_id


class Door(models.TextChoices):
    ARREST = "arrest", "Arrest diversion"
    SOCIAL_CONTACT = "social_contact", "Social contact referral"
    COMMUNITY = "community", "Community referral"
    SELF = "self", "Self-referral"


class Outcome(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    INELIGIBLE = "ineligible", "Not eligible"
    NEEDS_REVIEW = "needs_review", "Needs review"


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    SCREENED = "screened", "Screened"
    AWAITING_INTAKE = "awaiting_intake", "Awaiting intake"
    INTAKE_COMPLETE = "intake_complete", "Intake complete"
    RETURNED = "returned", "Returned to the prosecutor"
    CHARGES_FILED = "charges_filed", "Prosecutor filed"
    NOT_FILED = "not_filed", "Prosecutor declined to file"
    DECLINED = "declined", "Declined by the person"
    WITHDRAWN = "withdrawn", "Withdrawn"


# from -> the statuses it may move to. Extending a lapsed window (or holding the charges in
# abeyance while the person is in LEAD) is RETURNED -> AWAITING_INTAKE. Where the protocol has
# the prosecutor review every arrest (openlead.legal), they may file or decline before
# intake: SCREENED or AWAITING_INTAKE -> CHARGES_FILED or NOT_FILED.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.SCREENED, Status.WITHDRAWN}),
    Status.SCREENED: frozenset(
        {
            Status.AWAITING_INTAKE,
            Status.DECLINED,
            Status.WITHDRAWN,
            Status.CHARGES_FILED,
            Status.NOT_FILED,
        }
    ),
    Status.AWAITING_INTAKE: frozenset(
        {
            Status.INTAKE_COMPLETE,
            Status.RETURNED,
            Status.DECLINED,
            Status.WITHDRAWN,
            Status.CHARGES_FILED,
            Status.NOT_FILED,
        }
    ),
    Status.RETURNED: frozenset({Status.CHARGES_FILED, Status.NOT_FILED, Status.AWAITING_INTAKE}),
    Status.INTAKE_COMPLETE: frozenset(),
    Status.CHARGES_FILED: frozenset(),
    Status.NOT_FILED: frozenset(),
    Status.DECLINED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

OPEN_STATUSES = (Status.RECEIVED, Status.SCREENED, Status.AWAITING_INTAKE, Status.RETURNED)


class ProsecutorDecision(models.TextChoices):
    FILE = "file", "File charges"
    DECLINE = "decline", "Decline to file"
    EXTEND = "extend", "Extend the intake window"
    ABEYANCE = "abeyance", "Hold in abeyance while the person is in LEAD"


class Referral(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="referrals"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    door = models.CharField(max_length=16, choices=Door.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    # Null for a self-referral: nobody referred the person but themself.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_made",
    )
    referrer_organization = models.ForeignKey(
        "programs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(default=timezone.now)
    protocol_id = models.CharField(max_length=80, blank=True)
    protocol_version = models.CharField(max_length=40, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    intake_deadline = models.DateTimeField(null=True, blank=True)
    # Encrypted under the person's data key (AAD binds table, row and column).
    sealed_facts = models.BinaryField(null=True)
    sealed_decision = models.BinaryField(null=True)
    sealed_answers = models.BinaryField(null=True)
    handed_off_at = models.DateTimeField(null=True, blank=True)
    handed_off_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intake_completed_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    prosecutor_decision = models.CharField(
        max_length=8, choices=ProsecutorDecision.choices, blank=True
    )
    prosecutor_decided_at = models.DateTimeField(null=True, blank=True)
    # Set at screening when the protocol has the prosecutor review every arrest referral
    # (Santa Fe), so it is on their queue whatever the intake clock says (openlead.legal).
    prosecutor_review_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # A hidden random token from the form: a double-tapped submit finds the first referral.
    submit_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-referred_at"]
        indexes = [
            # referrals.queries.Clock.waiting and actions.lapse.lapse_due: open ones by deadline.
            models.Index(fields=["program", "status", "intake_deadline"]),
            # referrals.access.referral_scope for officers and community referrers.
            models.Index(fields=["program", "referrer"]),
        ]

    def __str__(self) -> str:
        return f"Referral {self.public_id}"  # never a name or a fact: str() reaches logs


class SelfReferralHit(models.Model):
    """One public self-referral submission, by a keyed hash of the client address.

    Kept in the database (not process memory) so the limit holds across gunicorn workers.
    """

    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        # referrals.actions.check_self_referral_rate counts one client's last hour.
        indexes = [models.Index(fields=["client_hash", "at"])]

    def __str__(self) -> str:
        return f"self-referral hit at {self.at:%Y-%m-%d %H:%M}"
