"""What linkage keeps between runs (issue 17): trained models, the justice persons that
cluster one person's records, and duplicate candidates among a program's own people.

Imported into records.models so Django finds them; split out to keep models.py short.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from openlead.access.models import new_public_id


class LinkageModel(models.Model):
    """A program's trained linkage model for one justice source, reused until retrained.

    `settings` is Splink's trained settings JSON (m and u of every level, the prior): no
    identity values. `match_rate` and `weight_histogram` are what the training run saw,
    the baseline the next runs' drift check compares with (records.drift).
    """

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=80)
    settings = models.JSONField()
    trained_at = models.DateTimeField()
    people = models.PositiveIntegerField()  # data size: left side
    records = models.PositiveIntegerField()  # data size: right side
    pairs_scored = models.PositiveIntegerField(default=0)
    # Share of records with a proposal (auto or review) in the training run.
    match_rate = models.FloatField(default=0.0)
    # [[bin, n], ...]: floor of match weight -> scored pairs, of the training run.
    weight_histogram = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "source"], name="one_linkage_model_per_program_source"
            )
        ]

    def __str__(self) -> str:
        return f"linkage model of program {self.program_id} for {self.source}"


class JusticePerson(models.Model):
    """One person of a justice source: the records the import's dedupe clustered together.

    Holds no identity of its own; its records do. The review queue asks about a
    (participant, justice person) pair once, whatever number of records it holds.
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    source = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"justice person {self.public_id} of {self.source}"


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    SAME = "same", "Same person"
    DIFFERENT = "different", "Not the same person"


class DuplicatePair(models.Model):
    """Two people of one program whom dedupe() scored as possibly the same person.

    `left` has the lower primary key, so a pair is stored once whatever the order it was
    found in. Deciding "same person" leads to the merge (people.merge); "not the same"
    stays so the pair is never proposed again.
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    left = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    band = models.CharField(max_length=12)  # auto_accept | review (LinkBand)
    weights = models.JSONField(default=dict, blank=True)  # linkage.explain.pair_weights
    status = models.CharField(
        max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="one_duplicate_pair"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="duplicate_pair_ordered"
            ),
        ]
        # queries.duplicate_pairs: the page lists a program's pending pairs.
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"duplicate pair {self.public_id} ({self.status})"
