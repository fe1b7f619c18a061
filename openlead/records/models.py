"""Justice events imported from source extracts, the batch ledger, and person links.

Identity columns (names, date of birth, sex, ids) are sealed as one JSON ciphertext
under the source's data key (SourceKey, in the keys database); only the birth year and
keyed blind indexes of state id and booking number stay searchable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openlead.access.models import new_public_id
from openlead.background.models import BackgroundRun
from openlead.people.models import HmisDemographics

# Re-exported (X as X): Django finds the models here, and the app imports them from here.
from openlead.records.linkage_models import DuplicatePair as DuplicatePair
from openlead.records.linkage_models import DuplicateStatus as DuplicateStatus
from openlead.records.linkage_models import JusticePerson as JusticePerson
from openlead.records.linkage_models import LinkageModel as LinkageModel


class EventKind(models.TextChoices):
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "Charge"
    BOOKING = "booking", "Booking"
    JAIL_STAY = "jail_stay", "Jail stay"
    PRISON_ADMISSION = "prison_admission", "Prison admission"
    DISPOSITION = "disposition", "Disposition"


class Severity(models.TextChoices):
    FELONY = "felony", "Felony"
    MISDEMEANOR = "misdemeanor", "Misdemeanor"


class BatchStatus(models.TextChoices):
    RUNNING = "running", "Running"
    COMPLETE = "complete", "Complete"
    PARTIAL = "partial", "Complete with row errors"
    FAILED = "failed", "Stopped"


class SourceKey(models.Model):
    """A source's wrapped data key. Lives in the separate `keys` database (see routers)."""

    source = models.CharField(max_length=80, primary_key=True)
    kek_id = models.CharField(max_length=40, db_index=True)
    wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"data key of source {self.source} under {self.kek_id}"


class ImportBatch(models.Model):
    """The ledger of one import run; a killed run is resumed from `rows_seen`."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    source = models.CharField(max_length=80)
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64)
    mapping_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=BatchStatus.choices, default=BatchStatus.RUNNING
    )
    rows_seen = models.PositiveIntegerField(default=0)
    # Data rows in the file (newlines, so approximate): the web status page's progress bar.
    # Null for batches started before it was recorded.
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_skipped_existing = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["source", "file_sha256", "mapping_sha256"])]

    def __str__(self) -> str:
        return f"import batch {self.public_id} ({self.source}, {self.status})"

    @property
    def running(self) -> bool:
        return self.status == BatchStatus.RUNNING


class ImportRowError(models.Model):
    """One rejected row of a batch. Never holds the value itself: it may be identifying."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="row_errors")
    row_number = models.PositiveIntegerField()  # 1-based data row, header not counted
    column = models.CharField(max_length=120)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number", "column"], name="one_error_per_row_column"
            )
        ]

    def __str__(self) -> str:
        return f"row {self.row_number} {self.column}: {self.reason}"


class JusticeRecord(models.Model):
    """One justice event from one source, keyed by (source, external id)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    source = models.CharField(max_length=80)
    external_id = models.CharField(max_length=120)
    # No database-level foreign keys on these two: a per-row RI trigger doubles the time
    # of a million-row import, and the importer sets both from rows it has just read.
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="records", db_constraint=False
    )
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)  # jail stays
    severity = models.CharField(max_length=12, choices=Severity.choices, blank=True)
    # The source's own code and text beside each coded value.
    raw_code = models.CharField(max_length=80, blank=True)
    raw_text = models.CharField(max_length=300, blank=True)
    raw_severity = models.CharField(max_length=40, blank=True)
    # Sealed JSON {first_name, last_name, dob, sex, state_id, booking_number}.
    identity = models.BinaryField()
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)  # blocking only
    state_id_index = models.CharField(max_length=64, blank=True, db_index=True)
    booking_number_index = models.CharField(max_length=64, blank=True, db_index=True)
    # The person of the source these records stand for, set by the import's dedupe
    # (records.clustering); null until clustered. No database constraint, as for batch.
    justice_person = models.ForeignKey(
        JusticePerson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
        db_constraint=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="one_event_per_source_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} from {self.source}"  # never identity


class LinkStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class LinkBand(models.TextChoices):
    AUTO_ACCEPT = "auto_accept", "Automatic"
    REVIEW = "review", "Review"


class ComparisonPerson(HmisDemographics):
    """A person of an evaluation comparison group (never referred), imported for linkage.

    Not a participant: no Person row, no casework, no access through the people pages.
    Identity is sealed under the pool's own data key (source `comparison:<program>:<pool>`,
    see `comparison_source`), so destroying that key crypto-shreds the pool. Only what
    blocking and the de-identified evaluation extract need stays in clear.
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    pool = models.CharField(max_length=60)  # e.g. 2025-north-precinct
    external_id = models.CharField(max_length=120)
    # Sealed JSON {first_name, last_name, dob, sex, state_id}.
    identity = models.BinaryField()
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)  # blocking only
    state_id_index = models.CharField(max_length=64, blank=True, db_index=True)
    index_date = models.DateField()  # the qualifying arrest that made them comparable
    # Baseline covariates with HMIS codes (race flags, sex) come from HmisDemographics.
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "pool", "external_id"], name="one_comparison_person_per_id"
            )
        ]

    def __str__(self) -> str:
        return f"comparison person {self.public_id} ({self.pool})"  # never identity


def comparison_source(program_id: int, pool: str) -> str:
    """The key name of a pool (SourceKey.source): one data key per program and pool."""
    return f"comparison:{program_id}:{pool}"


class PersonRecordLink(models.Model):
    """A proposed or decided link; rejected links stay so they are never proposed again.

    Exactly one of `person` (a participant) and `comparison` (a comparison-pool person)
    is set.
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comparison = models.ForeignKey(
        ComparisonPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    record = models.ForeignKey(JusticeRecord, on_delete=models.CASCADE, related_name="links")
    probability = models.FloatField()
    # Why it scored so (openlead.linkage.explain.pair_weights): the prior, each field's
    # level and match weight, the name-frequency part and the total. Levels and numbers
    # only, never values: the review page's waterfall.
    weights = models.JSONField(default=dict, blank=True)
    band = models.CharField(max_length=12, choices=LinkBand.choices)
    status = models.CharField(max_length=10, choices=LinkStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "record"], name="one_link_per_pair"),
            models.UniqueConstraint(
                fields=["comparison", "record"], name="one_comparison_link_per_pair"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, comparison__isnull=True)
                    | models.Q(person__isnull=True, comparison__isnull=False)
                ),
                name="link_has_one_side",
            ),
        ]
        indexes = [models.Index(fields=["status", "person"])]

    def __str__(self) -> str:
        return f"link {self.public_id} ({self.status})"

    @property
    def is_comparison(self) -> bool:
        return self.comparison_id is not None


class LinkageRun(BackgroundRun):
    """One linkage run started from the web app; `link-program --run` reports into it."""

    reason = models.CharField(max_length=300, blank=True)  # why it stopped; never data values
    participants = models.PositiveIntegerField(default=0)
    comparison_people = models.PositiveIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)
    auto_accepted = models.PositiveIntegerField(default=0)
    queued = models.PositiveIntegerField(default=0)
    already_known = models.PositiveIntegerField(default=0)
    # Train afresh instead of reusing the stored models (the run form's "retrain" box).
    retrain = models.BooleanField(default=False)
    # The drift warnings of the run's summary (records.drift), one per line; never values.
    warnings = models.TextField(blank=True)

    class Meta:
        constraints = [
            # Two reviewers pressing "Run linkage now" at once: the database lets one win.
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_linkage_run_per_program",
            )
        ]
        # queries.latest_linkage_run: the review queue shows the program's latest run.
        indexes = [models.Index(fields=["program", "-started_at"])]

    def __str__(self) -> str:
        return f"linkage run {self.public_id} ({self.status})"
