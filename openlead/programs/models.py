"""Programs (sites) and their partner organizations."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{value!r} is not a time zone name such as America/Los_Angeles"
        ) from None


def default_portal_note_groups() -> list[str]:
    """Casework notes only: health (42 CFR Part 2) stays off the portal unless chosen."""
    return ["casework_notes"]


class Program(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    time_zone = models.CharField(
        max_length=64, default="America/Los_Angeles", validators=[validate_time_zone]
    )
    protocol_id = models.CharField(
        max_length=80, blank=True, help_text="Eligibility protocol in force"
    )
    protocol_version = models.CharField(max_length=40, blank=True)
    intake_window_days = models.PositiveIntegerField(default=30)
    caseload_average_limit = models.PositiveIntegerField(default=20)
    caseload_max = models.PositiveIntegerField(default=25)
    # programs.dates.BirthDateField refuses a date of birth that makes someone younger.
    minimum_age = models.PositiveSmallIntegerField(
        default=18,
        verbose_name="Minimum age of a participant",
        help_text="Dates of birth that make someone younger are refused",
    )
    # The justice roles (access.roles.Role values: police_officer, prosecutor, defender)
    # that see a participant only under an active release naming them, as the protocol
    # says (openlead.access.justice_scope); set from the protocol file's top-level
    # release_required_for by programs.actions.mirror_protocol_releases.
    release_required_for = models.JSONField(default=list, blank=True)
    # Optimistic lock of the program settings form (programs.actions.do_update_program).
    version = models.PositiveIntegerField(default=1)
    # Record-view alert (openlead.access.alerts): more than this many distinct people's
    # records opened by one account within `view_alert_minutes` raises an AccessAlert.
    view_alert_records = models.PositiveIntegerField(
        default=60, verbose_name="Alert after this many distinct records"
    )
    view_alert_minutes = models.PositiveIntegerField(
        default=10, verbose_name="…opened within this many minutes"
    )
    # The public door (/refer/ and the self-referral thanks page): shown only when set.
    # Validated by programs.forms.ProgramSettingsForm (programs.public_door).
    public_summary = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="One line about the program for the public page",
        help_text="Shown on /refer/ beside the program's name. Plain words, no jargon.",
    )
    public_phone = models.CharField(
        max_length=40,
        blank=True,
        verbose_name="Program phone number for the public",
        help_text="Shown to a person who refers themself, e.g. (206) 555-0142",
    )
    public_hours = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="When the phone is answered",
        help_text="Free text, e.g. Monday to Friday, 9 am to 5 pm",
    )
    crisis_lines = models.TextField(
        blank=True,
        verbose_name="Crisis lines",
        help_text="One a line, as “label — number”, at most 6 lines",
    )
    # The participant's own pages (openlead.portal): whether "who read my record" names the
    # staff member (by default only role, organization and date), and which groups of notes
    # the pages show (by default casework notes; health is withheld).
    portal_shows_staff_names = models.BooleanField(
        default=False,
        verbose_name="Show staff names to participants",
        help_text="On a participant's “who read my record” page. Off: role and organization only.",
    )
    portal_note_groups = models.JSONField(
        default=default_portal_note_groups,
        blank=True,
        verbose_name="Notes a participant sees on their own pages",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    POLICE = "police", "Police department"
    PROSECUTOR = "prosecutor", "Prosecutor's office"
    DEFENDER = "defender", "Public defender"
    CASE_MANAGEMENT = "case_management", "Case-management agency"
    COMMUNITY = "community", "Community organization"
    EVALUATION = "evaluation", "Evaluation partner"
    OPERATIONS = "operations", "Operations / IT"


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganizationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
