"""Roles and field groups: the vocabulary of the access policy."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PROGRAM_ADMIN = "program_admin", "Program admin"
    SUPERVISOR = "supervisor", "Supervisor"
    CASE_MANAGER = "case_manager", "Case manager"
    OUTREACH_WORKER = "outreach_worker", "Outreach worker"
    POLICE_OFFICER = "police_officer", "Police officer"
    COMMUNITY_REFERRER = "community_referrer", "Community referrer"
    PROSECUTOR = "prosecutor", "Prosecutor"
    DEFENDER = "defender", "Defender"
    EVALUATOR = "evaluator", "Evaluator"
    AUDITOR = "auditor", "Auditor"
    SYSADMIN = "sysadmin", "System administrator"
    # A person in the program, signed in to their own pages (openlead.portal).
    PARTICIPANT = "participant", "Participant"


class FieldGroup(models.TextChoices):
    """Each stored fact about a participant belongs to exactly one group."""

    IDENTITY = "identity", "Identity"
    CONTACT = "contact", "Contact"
    DEMOGRAPHICS = "demographics", "Demographics"
    REFERRAL = "referral", "Referral facts"
    ENROLLMENT_STATUS = "enrollment_status", "Enrollment status"
    CM_CONTACT = "cm_contact", "Case manager's work contact"
    CASEWORK_NOTES = "casework_notes", "Casework notes"
    HEALTH = "health", "Health and substance use (42 CFR Part 2)"
    LEGAL = "legal", "Legal coordination"
    FUNDS = "funds", "Flexible funds"
    SAFETY = "safety", "Safety and location"


class Scope(models.TextChoices):
    """Which participants a role's rule covers."""

    NONE = "none", "No participant records"
    OWN_CASELOAD = "own_caseload", "Own caseload"
    PROGRAM = "program", "Whole program"
    REFERRED = "referred", "People they referred"
    # Police, prosecutors and defenders (openlead.access.justice_scope).
    CASE_RELATION = "case_relation", "People whose case they work on"
    # A participant (openlead.portal): the one person their portal account belongs to.
    OWN_RECORD = "own_record", "Their own record only"
