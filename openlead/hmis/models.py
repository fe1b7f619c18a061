"""How a program reports to its continuum of care (CoC) as an HMIS project.

The CoC is an organization (programs.Organization) named here: a participant's release
(people.ConsentRelease) to that organization is what lets their records go into the
HMIS export. Nothing else in openlead said "the CoC", so this row is the smallest thing
that says it (docs/hmis-export.md).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from openlead.hmis_spec import codes


class ProjectType(models.IntegerChoices):
    """The two HMIS project types a LEAD program reports as (2.02.6)."""

    STREET_OUTREACH = codes.STREET_OUTREACH, "Street Outreach"
    SERVICES_ONLY = codes.SERVICES_ONLY, "Services Only"


COC_CODE = RegexValidator(
    r"^[A-Z]{2}-\d{3}$",
    "A CoC code is two capital letters, a hyphen and three digits, e.g. WA-500.",
)
GEOCODE = RegexValidator(r"^\d{6}$", "A geocode is six digits (HUD's geographic code list).")
STATE = RegexValidator(r"^[A-Z]{2}$", "Two capital letters, e.g. WA.")
ZIP = RegexValidator(r"^\d{5}$", "Five digits.")


class HmisProject(models.Model):
    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="hmis_project"
    )
    coc_organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    coc_code = models.CharField("CoC code", max_length=6, validators=[COC_CODE])
    geocode = models.CharField(max_length=6, validators=[GEOCODE])
    project_type = models.PositiveSmallIntegerField(
        choices=ProjectType.choices, default=ProjectType.SERVICES_ONLY
    )
    operating_start = models.DateField("Operating since", default=dt.date(2011, 10, 1))
    funder = models.PositiveSmallIntegerField(
        "Funder (HMIS 2.06.1 code)",
        default=codes.LOCAL_OR_OTHER_FUNDER,
        validators=[MinValueValidator(min(codes.FUNDER)), MaxValueValidator(max(codes.FUNDER))],
    )
    other_funder = models.CharField(
        "Funder's name", max_length=100, blank=True, help_text="Needed for code 46, local or other."
    )
    grant_id = models.CharField("Grant id", max_length=100)
    state = models.CharField(max_length=2, blank=True, validators=[STATE])
    zip_code = models.CharField("ZIP", max_length=5, blank=True, validators=[ZIP])
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"HMIS project of {self.program}"

    def clean(self) -> None:
        if self.funder == codes.LOCAL_OR_OTHER_FUNDER and not self.other_funder.strip():
            raise ValidationError({"other_funder": "Name the local or other funder."})
