"""Person, external identifiers, notes and consent (ROI).

Identity, contact, notes and health text are stored only as AES-256-GCM ciphertexts
under the person's data key; read and write them through `openlead.people.vault` and
the access helpers, never directly.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from openlead.access.immutable import ImmutableModelMixin
from openlead.access.models import new_public_id
from openlead.access.roles import FieldGroup, Role


class EnrollmentStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    EXITED = "exited", "Exited"


class YesNoReason(models.IntegerChoices):
    """HMIS data standard list 1.8."""

    NO = 0, "No"
    YES = 1, "Yes"
    DOESNT_KNOW = 8, "Client doesn't know"
    PREFERS_NOT = 9, "Client prefers not to answer"
    NOT_COLLECTED = 99, "Data not collected"


class Sex(models.IntegerChoices):
    """HMIS FY2026 element 4.21 Sex."""

    FEMALE = 0, "Female"
    MALE = 1, "Male"
    DOESNT_KNOW = 8, "Client doesn't know"
    PREFERS_NOT = 9, "Client prefers not to answer"
    NOT_COLLECTED = 99, "Data not collected"


class RaceNone(models.IntegerChoices):
    """HMIS RaceNone: used only when no race flag is set."""

    DOESNT_KNOW = 8, "Client doesn't know"
    PREFERS_NOT = 9, "Client prefers not to answer"
    NOT_COLLECTED = 99, "Data not collected"


# HMIS CSV Client race flags (column name, label).
RACE_FLAGS = [
    ("am_ind_ak_native", "American Indian, Alaska Native, or Indigenous"),
    ("asian", "Asian or Asian American"),
    ("black_af_american", "Black, African American, or African"),
    ("hispanic_latinao", "Hispanic/Latina/e/o"),
    ("mid_east_n_african", "Middle Eastern or North African"),
    ("native_hi_pacific", "Native Hawaiian or Pacific Islander"),
    ("white", "White"),
]


class DobDataQuality(models.IntegerChoices):
    """HMIS 3.03 DOB Data Quality (part of the person record, issue 11)."""

    FULL = 1, "Full date of birth reported"
    APPROXIMATE = 2, "Approximate or partial date of birth reported"
    DOESNT_KNOW = 8, "Client doesn't know"
    PREFERS_NOT = 9, "Client prefers not to answer"
    NOT_COLLECTED = 99, "Data not collected"


ENCRYPTED_FIELDS = {
    FieldGroup.IDENTITY: ("legal_name", "preferred_name", "aliases", "date_of_birth"),
    FieldGroup.CONTACT: ("phone", "email", "address", "contact_notes"),
}


class HmisDemographics(models.Model):
    """Race (HMIS 3.04 flags and RaceNone) and sex (4.21), in clear: the evaluation reads
    them. Shared by participants and comparison-pool people (records.ComparisonPerson)."""

    am_ind_ak_native = models.BooleanField(default=False)
    asian = models.BooleanField(default=False)
    black_af_american = models.BooleanField(default=False)
    hispanic_latinao = models.BooleanField(default=False)
    mid_east_n_african = models.BooleanField(default=False)
    native_hi_pacific = models.BooleanField(default=False)
    white = models.BooleanField(default=False)
    race_none = models.PositiveSmallIntegerField(choices=RaceNone.choices, null=True, blank=True)
    sex = models.PositiveSmallIntegerField(choices=Sex.choices, default=Sex.NOT_COLLECTED)

    class Meta:
        abstract = True


class Person(HmisDemographics):
    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="people")
    status = models.CharField(
        max_length=12, choices=EnrollmentStatus.choices, default=EnrollmentStatus.REFERRED
    )
    # Scope relations used by the access policy (own caseload; people this officer referred).
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_people",
    )
    referred_at = models.DateTimeField(default=timezone.now)
    # Encrypted identity and contact (see openlead.people.vault).
    legal_name = models.BinaryField(null=True)
    aliases = models.BinaryField(null=True)
    date_of_birth = models.BinaryField(null=True)
    phone = models.BinaryField(null=True)
    email = models.BinaryField(null=True)
    address = models.BinaryField(null=True)
    # HMAC of (normalised legal name, date of birth), "" when either is missing; indexed
    # for name + date-of-birth search (access.helpers.search_people_for).
    name_dob_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # Demographics with HMIS code lists: from HmisDemographics.
    # --- The person record (issue 11, identity): preferred name and contact notes are
    # encrypted like the fields above; the DOB data quality (HMIS 3.03) is a code in clear,
    # as sex and race are, because the HMIS export and data-quality counts read it.
    preferred_name = models.BinaryField(null=True)
    contact_notes = models.BinaryField(null=True)
    dob_data_quality = models.PositiveSmallIntegerField(
        choices=DobDataQuality.choices, null=True, blank=True
    )
    # --- end of the person record fields
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # --- merge of a duplicate (people.merge, issue 11): the absorbed record stays as a
    # tombstone pointing at the survivor, hidden from every scope (access.scoped_people).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="absorbed"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            # access.helpers.scoped_people filters by program plus one scope relation.
            models.Index(fields=["program", "case_manager"]),
            models.Index(fields=["program", "referred_by"]),
        ]

    def __str__(self) -> str:
        return f"Person {self.public_id}"  # never a name: str() ends up in logs


class ExternalIdentifier(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    system = models.CharField(max_length=40)  # e.g. state_id, booking_number, hmis
    value = models.BinaryField()  # encrypted raw value
    # HMAC of (system, normalised value); indexed for access.helpers.search_people_for.
    blind_index = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.system} identifier of person {self.person_id}"  # never the value


class Note(models.Model):
    """A dated, encrypted note in one field group (casework, health, legal, funds, safety)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    field_group = models.CharField(max_length=24, choices=FieldGroup.choices)
    body = models.BinaryField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.field_group} note {self.public_id}"  # never the text


class ConsentMethod(models.TextChoices):
    SIGNED_ON_SCREEN = "signed_on_screen", "Signed on screen"
    PAPER = "paper", "Signed on paper"
    VERBAL = "verbal", "Said yes out loud, with a staff witness"


class ConsentRelease(models.Model):
    """The ROI: which field groups may go to which recipient, from when until when."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    recipient_organization = models.ForeignKey(
        "programs.Organization", null=True, blank=True, on_delete=models.PROTECT
    )
    recipient_role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    field_groups = models.JSONField(default=list)
    purpose = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    # -- The consent workflow (issue 11, 42 CFR 2.31): how it was given, and its revocation.
    method = models.CharField(max_length=16, choices=ConsentMethod.choices, blank=True)
    signed_on = models.DateField(null=True, blank=True)  # §2.31(a)(9): the date signed
    # Encrypted under the person's data key (people.actions.seal_and_record): the drawn
    # signature as a PNG data URL; the paper form's reference and who holds it.
    signature = models.BinaryField(null=True)
    paper_reference = models.BinaryField(null=True)
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The directory entry chosen (casework.Provider public id): people may not point at
    # casework, and the release itself names the provider's organization.
    provider_ref = models.CharField(max_length=24, blank=True)
    revoked_on = models.DateField(null=True, blank=True)  # the day the participant asked
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.BinaryField(null=True)  # encrypted

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(recipient_organization=None, recipient_role=""),
                name="consent_names_a_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"ROI {self.public_id}"

    def is_active(self, today: dt.date) -> bool:
        if self.revoked_at is not None or self.starts_on > today:
            return False
        return self.expires_on is None or self.expires_on >= today


# --- The person record: identifiers and the change history (issue 11, identity) ---

# The external identifiers a program may record, with the label shown on screen. A
# system outside this list (an old import) is still shown, under a readable label.
IDENTIFIER_KINDS = [
    ("state_id", "State ID"),
    ("booking_number", "Booking number"),
    ("hmis", "HMIS id"),
    ("drivers_license", "Driver's license number"),
    ("medicaid", "Medicaid id"),
    ("court_case", "Court case number"),
]
IDENTIFIER_LABELS = dict(IDENTIFIER_KINDS)


def identifier_label(system: str) -> str:
    return IDENTIFIER_LABELS.get(system) or system.replace("_", " ").capitalize()


class PersonChange(ImmutableModelMixin, models.Model):
    """One field of the person record changed: who, when, in which field group.

    The old and new values are one JSON document ({"old": ..., "new": ...}) encrypted under
    the person's data key and bound to this row's public id (vault.seal_json), so the
    history is as secret as the record; the projection shows values only to roles that
    read the group. Rows are append-only (ImmutableModelMixin): a correction is a new row.
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="changes")
    field_group = models.CharField(max_length=24, choices=FieldGroup.choices)
    field_name = models.CharField(max_length=40)  # a column or "identifier:<system>"
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    values = models.BinaryField()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["person", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.field_name} change {self.public_id}"  # never a value


# What the history and the success messages call each field of the person record.
PERSON_FIELD_LABELS = {
    "legal_name": "Legal name",
    "preferred_name": "Preferred name",
    "aliases": "Aliases",
    "date_of_birth": "Date of birth",
    "dob_data_quality": "Date of birth quality",
    "phone": "Phone",
    "email": "Email",
    "address": "Address",
    "contact_notes": "How to reach them",
    "race": "Race and ethnicity",
    "race_none": "Why no race or ethnicity is recorded",
    "sex": "Sex",
}
IDENTIFIER_FIELD = "identifier:"  # PersonChange.field_name of an identifier: + its system


def person_field_label(name: str) -> str:
    if name.startswith(IDENTIFIER_FIELD):
        return identifier_label(name.removeprefix(IDENTIFIER_FIELD))
    return PERSON_FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


class PersonMerge(models.Model):
    """One merge of a duplicate into a survivor, with every row it moved, so it can be
    undone until `undo_until` (people.merge.UNDO_WINDOW; docs/merging.md).

    `moved` lists each moved row as {"model": label, "pk": pk, "field": fk name};
    `sealed_before` holds both records' identity and contact fields as they were before,
    encrypted under the survivor's data key (AAD: this row's public id); `counts` are the
    rows moved per model (what the audit events carry, never values)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undo_until = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    choices = models.JSONField(default=dict)  # field -> "survivor" | "absorbed"
    changed = models.JSONField(default=list)  # the survivor's fields the merge changed
    moved = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    sealed_before = models.BinaryField(null=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"Merge {self.public_id}"  # never a name

    def undoable(self, now: dt.datetime) -> bool:
        return self.undone_at is None and now < self.undo_until


class PersonNameToken(models.Model):
    """One keyed blind-index token of a person's names or date of birth (people.tokens).

    The token is an HMAC under a key the database never holds, so the table says which
    people share a name part, a sound or a birth date, never what it is (docs/privacy.md,
    "Name search: what the tokens reveal"). Rewritten whole whenever the identity changes."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    kind = models.CharField(max_length=8)  # part, alias, nick, edit, sound, dob, year
    token = models.CharField(max_length=64)

    class Meta:
        indexes = [
            # access.helpers.ranked_ids reads (token, kind, person) only: on PostgreSQL the
            # index covers them (INCLUDE), so the search never touches the table itself.
            models.Index(fields=["token"], include=["kind", "person"], name="people_token_cover")
        ]

    def __str__(self) -> str:
        return f"{self.kind} token of person {self.person_id}"  # never the token's source
