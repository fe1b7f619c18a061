"""The operational work group (OWG): meetings, their minutes per agenda item, and the
defense's note channel to the case manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openlead.access.models import new_public_id
from openlead.access.roles import FieldGroup

USER = settings.AUTH_USER_MODEL


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class AgendaSection(models.TextChoices):
    """The generated agenda's sections, in the order they are read out."""

    NEW_REFERRALS = "new_referrals", "New referrals since the last meeting"
    LAPSING = "lapsing", "Intakes about to lapse"
    NEW_CHARGES = "new_charges", "New arrests or charges"
    COURT_DATES = "court_dates", "Court dates in the next 14 days"
    NO_CONTACT = "no_contact", "No contact in 30 days"
    CONSENTS_EXPIRING = "consents_expiring", "Releases expiring"
    OTHER = "other", "Other business"


class OwgMeeting(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    # Role values (access.roles.Role) invited; the page is open to members holding them.
    invited_roles = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["program", "starts_at"])]

    def __str__(self) -> str:
        return f"OWG meeting {self.public_id}"


MINUTE_GROUPS = [
    (FieldGroup.LEGAL.value, "Legal coordination (the whole work group may see it)"),
    (FieldGroup.CASEWORK_NOTES.value, "Casework (the care team only)"),
]


class MinuteEntry(models.Model):
    """The minute of one agenda item: the agreed next step, who does it, by when.

    The author chooses its field group; a casework minute never reaches enforcement."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    meeting = models.ForeignKey(OwgMeeting, on_delete=models.CASCADE, related_name="minutes")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=20, choices=AgendaSection.choices)
    field_group = models.CharField(max_length=20, choices=MINUTE_GROUPS)
    sealed_next_steps = models.BinaryField()
    who = models.CharField(max_length=120, blank=True)  # a role or a work name, not the person
    by_when = models.DateField(null=True, blank=True)
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["meeting", "person"])]

    def __str__(self) -> str:
        return f"minute {self.public_id}"


class DefenseNote(models.Model):
    """A note between the defense and the care team about one participant.

    Its audience is fixed: the defender's office and the care team. The prosecutor and the
    police never read it, whatever release exists (the Golden Rule)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="defense_notes"
    )
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    author_role = models.CharField(max_length=20)
    sealed_text = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "person", "created_at"])]

    def __str__(self) -> str:
        return f"defense note {self.public_id}"
