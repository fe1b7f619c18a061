"""Versioned assessment templates and the (encrypted) assessments made with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openlead.access.models import new_public_id

USER = settings.AUTH_USER_MODEL


class AssessmentTemplate(models.Model):
    """Versioned per program; an assessment keeps the template version it used."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="assessment_templates"
    )
    name = models.CharField(max_length=120)
    version = models.PositiveIntegerField(default=1)
    domains = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name", "version"], name="one_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class AssessmentKind(models.TextChoices):
    INTAKE = "intake", "Intake psychosocial assessment"
    REASSESSMENT = "reassessment", "Reassessment"


class Assessment(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assessments"
    )
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(max_length=16, choices=AssessmentKind.choices)
    assessed_on = models.DateField()
    # Encrypted JSON: domain statuses and notes outside the HEALTH group, plus housing/income facts.
    answers = models.BinaryField()
    # Encrypted JSON: the physical/mental health and substance-use domains (42 CFR Part 2).
    health_answers = models.BinaryField()
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Assessment {self.public_id}"
