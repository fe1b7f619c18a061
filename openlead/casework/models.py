"""Casework records. Free text and assessment answers are ciphertexts under the person's data key.

Status changes are rows (EnrollmentEvent, GoalEvent, ServiceLinkEvent), never overwrites
of history; the flexible-funds ledger is append-only (a correction is a reversing entry).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.immutable import ImmutableModelMixin
from openlead.access.models import new_public_id
from openlead.casework.codes import Destination, Domain, EmploymentStage, LivingSituation, YesNo

USER = settings.AUTH_USER_MODEL


class OverBudgetRule(models.TextChoices):
    REFUSE = "refuse", "Refuse the approval"
    SECOND_APPROVER = "second_approver", "Needs a second supervisor's approval"


class CaseworkSettings(models.Model):
    """Per-program casework settings (site settings in docs/casework.md).

    `version` is the optimistic lock of the settings form (program_actions.do_update_settings).
    The row is also locked by ledger.do_decide_funds, so approvals in one program are
    serialised and two cannot both pass the budget check.
    """

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="casework_settings"
    )
    funds_approval_threshold_cents = models.PositiveIntegerField(default=10_000)
    no_contact_warning_days = models.PositiveIntegerField(default=30)
    snapshot_due_day = models.PositiveSmallIntegerField(
        default=10, help_text="Day of the month after which last month's snapshot is overdue"
    )
    over_budget_rule = models.CharField(
        max_length=16, choices=OverBudgetRule.choices, default=OverBudgetRule.REFUSE
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"CaseworkSettings {self.pk}"


class InactiveReason(models.Model):
    """Why someone is inactive: configurable per program (unreachable for N days, in custody, ...)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="inactive_reasons"
    )
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    unreachable_days = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="one_inactive_reason_code")
        ]

    def __str__(self) -> str:
        return self.label


class EnrollmentState(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    EXITED = "exited", "Exited"


class Enrollment(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="enrollments"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        max_length=12, choices=EnrollmentState.choices, default=EnrollmentState.ACTIVE
    )
    case_manager = models.ForeignKey(
        USER, null=True, on_delete=models.SET_NULL, related_name="enrollments"
    )
    started_on = models.DateField()
    inactive_reason = models.ForeignKey(
        InactiveReason, null=True, blank=True, on_delete=models.PROTECT
    )
    inactive_since = models.DateField(null=True, blank=True)
    exited_on = models.DateField(null=True, blank=True)
    exit_destination = models.PositiveSmallIntegerField(
        choices=Destination.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["program", "status", "case_manager"])
        ]  # views.supervisor counts

    def __str__(self) -> str:
        return f"Enrollment {self.public_id}"


class EnrollmentEventKind(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    REASSIGNED = "reassigned", "Case manager changed"
    INACTIVE = "inactive", "Marked inactive"
    REACTIVATED = "reactivated", "Active again"
    EXITED = "exited", "Exited"


class EnrollmentEvent(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EnrollmentEventKind.choices)
    on = models.DateField()
    from_manager = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    to_manager = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.CharField(
        max_length=200, blank=True
    )  # reason label or destination label, never free text
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"EnrollmentEvent {self.pk}"


class ContactKind(models.TextChoices):
    STREET = "street", "Street outreach"
    OFFICE = "office", "Office"
    PHONE = "phone", "Phone or text"
    ACCOMPANIMENT = "accompaniment", "Went with them to an appointment"
    CUSTODY = "custody", "In-custody visit"


class LocationCategory(models.TextChoices):
    """Deliberately coarse: exact places are never recorded by default."""

    STREET = "street", "Street or public space"
    OFFICE = "office", "Program office"
    SHELTER = "shelter", "Shelter or housing site"
    SERVICE = "service", "Service provider or clinic"
    CUSTODY = "custody", "Jail or court"
    REMOTE = "remote", "Remote (phone or text)"
    OTHER = "other", "Other"


SERVICES = [
    ("check_in", "Check-in"),
    ("harm_reduction", "Harm-reduction supplies"),
    ("naloxone", "Naloxone"),
    ("food", "Food or water"),
    ("transport", "Transport"),
    ("housing", "Housing help"),
    ("benefits", "Benefits help"),
    ("id", "ID documents"),
    ("health", "Health or treatment link"),
    ("legal", "Legal coordination"),
    ("funds", "Flexible funds"),
]


class Contact(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contacts")
    occurred_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=16, choices=ContactKind.choices, default=ContactKind.STREET)
    duration_minutes = models.PositiveSmallIntegerField(default=10)
    location = models.CharField(
        max_length=12, choices=LocationCategory.choices, default=LocationCategory.STREET
    )
    services = models.JSONField(default=list)
    note = models.BinaryField(null=True)  # encrypted
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["person", "occurred_at"])]  # queries.last_contacts

    def __str__(self) -> str:
        return f"Contact {self.public_id}"


class AppointmentKind(models.TextChoices):
    PROVIDER = "provider", "Appointment with a provider"
    COURT = "court", "Court date"
    BENEFITS = "benefits", "Benefits or ID office"
    MEETING = "meeting", "Meeting with the case manager"
    OTHER = "other", "Other"


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HAPPENED = "happened", "Happened"
    CANCELLED = "cancelled", "Cancelled or moved"


class Appointment(models.Model):
    """An upcoming appointment the case manager may go to with the participant."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=AppointmentKind.choices)
    provider = models.ForeignKey(
        "Provider", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.BinaryField(null=True)  # encrypted
    status = models.CharField(
        max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["person", "status", "starts_at"])]  # queries.caseload_rows

    def __str__(self) -> str:
        return f"Appointment {self.public_id}"


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


class GoalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACHIEVED = "achieved", "Achieved"
    SET_ASIDE = "set_aside", "Set aside"


class Goal(models.Model):
    """One goal of the individual intervention plan, in the participant's own words (encrypted)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(max_length=20, choices=Domain.choices)
    words = models.BinaryField()
    steps = models.BinaryField()
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["status", "-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"Goal {self.public_id}"


class GoalEvent(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=GoalStatus.choices)
    on = models.DateField()
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"GoalEvent {self.pk}"


class ProviderKind(models.TextChoices):
    HOUSING = "housing", "Housing"
    MOUD = "moud", "Medication for opioid use disorder (MOUD)"
    DETOX = "detox", "Detox"
    MENTAL_HEALTH = "mental_health", "Mental health"
    BENEFITS = "benefits", "Benefits office"
    ID = "id", "ID documents"
    JOB_TRAINING = "job_training", "Job training"
    LEGAL_AID = "legal_aid", "Legal aid"


class Provider(models.Model):
    """The program's directory of outside providers; consent is checked against `organization`."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="providers"
    )
    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ProviderKind.choices)
    phone = models.CharField(max_length=40, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class LinkState(models.TextChoices):
    BLOCKED = "blocked", "Waiting for consent"
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    CONNECTED = "connected", "Connected"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"


class ServiceLink(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="service_links"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="links")
    state = models.CharField(max_length=12, choices=LinkState.choices)
    # SET_NULL, not PROTECT: crypto-shredding a person deletes their consents; the link's history stays.
    consent = models.ForeignKey(
        "people.ConsentRelease", null=True, blank=True, on_delete=models.SET_NULL
    )
    override_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_reason = models.BinaryField(null=True)  # encrypted
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"ServiceLink {self.public_id}"


class ServiceLinkEvent(models.Model):
    link = models.ForeignKey(ServiceLink, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=12, choices=LinkState.choices)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"ServiceLinkEvent {self.pk}"


class FundsCategory(models.TextChoices):
    MOTEL = "motel", "Motel"
    RENT = "rent", "Rent"
    FOOD = "food", "Food"
    TRANSPORT = "transport", "Transport"
    PHONE = "phone", "Phone"
    ID_FEES = "id_fees", "ID fees"
    OTHER = "other", "Other"


class PayeeType(models.TextChoices):
    VENDOR = "vendor", "Vendor (motel, landlord, store)"
    AGENCY = "agency", "Government agency"
    PARTICIPANT = "participant", "Participant (gift card or cash)"
    OTHER = "other", "Other"


class FundsStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    NOT_APPROVED = "not_approved", "Not approved"


class LedgerDeleteError(Exception):
    """The ledger is append-only: correct it with a reversing entry."""


class AppendOnlyQuerySet(models.QuerySet["FundsEntry"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerDeleteError(
            "the flexible-funds ledger keeps every entry; add a reversing entry instead"
        )


class FundsBudget(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="funds_budgets"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    amount_cents = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"FundsBudget {self.pk}"


class FundsEntry(ImmutableModelMixin):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="funds_entries"
    )
    # SET_NULL: deleting (crypto-shredding) a person keeps the books whole; amounts stay, purpose
    # ciphertexts become unreadable with the destroyed key.
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="funds_entries"
    )
    category = models.CharField(max_length=12, choices=FundsCategory.choices)
    payee_type = models.CharField(max_length=12, choices=PayeeType.choices)
    amount_cents = models.BigIntegerField()  # negative only on reversing entries
    status = models.CharField(
        max_length=14, choices=FundsStatus.choices, default=FundsStatus.REQUESTED
    )
    purpose = models.BinaryField(null=True)  # encrypted
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Over budget with the second-approver rule: the first supervisor's approval, while the
    # entry stays requested until a different supervisor approves too.
    first_approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    paid_on = models.DateField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()
    # An entry's money facts never change; only its approval and payment move forward.
    MUTABLE_FIELDS = frozenset({"status", "approved_by", "first_approved_by", "paid_by", "paid_on"})

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["program", "status", "paid_on"])]  # queries.budget_spend

    def __str__(self) -> str:
        return f"FundsEntry {self.public_id}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerDeleteError(
            "the flexible-funds ledger keeps every entry; add a reversing entry instead"
        )


class StatusSnapshot(models.Model):
    """The monthly housing, employment, income and insurance status that feeds the evaluation."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="status_snapshots"
    )
    month = models.DateField(help_text="First day of the month described")
    living_situation = models.PositiveSmallIntegerField(choices=LivingSituation.choices)
    employment_stage = models.CharField(max_length=16, choices=EmploymentStage.choices)
    income_any = models.PositiveSmallIntegerField(choices=YesNo.choices)
    income_sources = models.JSONField(default=list)
    insurance_any = models.PositiveSmallIntegerField(choices=YesNo.choices)
    insurance_sources = models.JSONField(default=list)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="one_snapshot_per_month")
        ]

    def __str__(self) -> str:
        return f"StatusSnapshot {self.pk}"
