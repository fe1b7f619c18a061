"""Legal coordination's records: pending cases with their charges and court dates, the
prosecutor's decisions, the defense's note channel, the operational work group's
meetings and minutes, and legal demands for a record (subpoenas, orders, requests).

Every row is about one participant and belongs to a field group of the access policy:
cases, charges, court dates and decisions are `legal`; a minute is `legal` or
`casework_notes`, as its author chose; the defense channel is `legal` but addressed to the
defense and the care team only (never the prosecutor or police, whatever a release says).
Free text is sealed under the person's data key, so crypto-shredding a person removes it.
"""

from openlead.legal.models.cases import (
    OPEN_CASE_STATUSES,
    CaseSource,
    CaseStatus,
    Charge,
    ChargeLevel,
    CourtDate,
    CourtDateKind,
    LegalCase,
)
from openlead.legal.models.decisions import DecisionKind, LegalDecision, VictimConsent
from openlead.legal.models.demands import (
    CourtOrder,
    DecisionOutcome,
    DemandDecision,
    DemandKind,
    DemandNotice,
    DemandStatus,
    LegalDemand,
    OrderSection,
)
from openlead.legal.models.meetings import (
    AgendaSection,
    DefenseNote,
    MeetingStatus,
    MinuteEntry,
    OwgMeeting,
)

__all__ = [
    "OPEN_CASE_STATUSES",
    "AgendaSection",
    "CaseSource",
    "CaseStatus",
    "Charge",
    "ChargeLevel",
    "CourtDate",
    "CourtDateKind",
    "CourtOrder",
    "DecisionOutcome",
    "DemandDecision",
    "DemandKind",
    "DemandNotice",
    "DemandStatus",
    "DecisionKind",
    "DefenseNote",
    "LegalCase",
    "LegalDecision",
    "LegalDemand",
    "MeetingStatus",
    "MinuteEntry",
    "OrderSection",
    "OwgMeeting",
    "VictimConsent",
]
