"""Casework records. Free text and assessment answers are ciphertexts under the person's data key.

Status changes are rows (EnrollmentEvent, GoalEvent, ServiceLinkEvent), never overwrites
of history; the flexible-funds ledger is append-only (a correction is a reversing entry).
Every model is re-exported here, so `openlead.casework.models.X` and the migrations keep
working.
"""

from __future__ import annotations

from openlead.casework.models.assessments import (
    Assessment,
    AssessmentKind,
    AssessmentTemplate,
)
from openlead.casework.models.contacts import (
    SERVICES,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Contact,
    ContactKind,
    LocationCategory,
)
from openlead.casework.models.enrollment import (
    Enrollment,
    EnrollmentEvent,
    EnrollmentEventKind,
    EnrollmentState,
)
from openlead.casework.models.funds import (
    AppendOnlyQuerySet,
    FundsBudget,
    FundsCategory,
    FundsEntry,
    FundsStatus,
    LedgerDeleteError,
    PayeeType,
)
from openlead.casework.models.links import (
    LinkState,
    Provider,
    ProviderKind,
    ServiceLink,
    ServiceLinkEvent,
)
from openlead.casework.models.plans import (
    Goal,
    GoalEvent,
    GoalStatus,
)
from openlead.casework.models.settings import (
    CaseworkSettings,
    InactiveReason,
    OverBudgetRule,
)
from openlead.casework.models.snapshots import (
    SNAPSHOT_FACTS,
    StatusSnapshot,
)

__all__ = [
    "AppendOnlyQuerySet",
    "Appointment",
    "AppointmentKind",
    "AppointmentStatus",
    "Assessment",
    "AssessmentKind",
    "AssessmentTemplate",
    "CaseworkSettings",
    "Contact",
    "ContactKind",
    "Enrollment",
    "EnrollmentEvent",
    "EnrollmentEventKind",
    "EnrollmentState",
    "FundsBudget",
    "FundsCategory",
    "FundsEntry",
    "FundsStatus",
    "Goal",
    "GoalEvent",
    "GoalStatus",
    "InactiveReason",
    "LedgerDeleteError",
    "LinkState",
    "LocationCategory",
    "OverBudgetRule",
    "PayeeType",
    "Provider",
    "ProviderKind",
    "SERVICES",
    "SNAPSHOT_FACTS",
    "ServiceLink",
    "ServiceLinkEvent",
    "StatusSnapshot",
]
