"""What a release of information (ROI) means on screen: the plain words for each field
group, the expiry warnings, and when the 42 CFR 2.32 redisclosure notice must be shown.

Every page, export or download that shows Part 2 data to someone outside the care team
(a police officer, prosecutor or defender reading released groups) carries the notice;
`notice_applies` is the one rule, `people/_redisclosure_notice.html` the one text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openlead.access.acting import Actor
from openlead.access.roles import FieldGroup, Role
from openlead.people.models import ConsentRelease

G = FieldGroup

# The groups a release may name, each with one plain line the participant can follow.
RELEASABLE: dict[FieldGroup, str] = {
    G.IDENTITY: "Your name, other names you use, date of birth and ID numbers.",
    G.CONTACT: "How to reach you: phone, email, address.",
    G.ENROLLMENT_STATUS: "Whether you are in the program right now.",
    G.LEGAL: "Notes about your court cases and legal meetings.",
    G.CASEWORK_NOTES: "Notes from your case manager about your plan and services.",
    G.HEALTH: "Health, drug and alcohol use, and treatment (42 CFR Part 2 records).",
}

# Roles that work with the participant every day; everyone else is a recipient outside it.
CARE_TEAM = frozenset(
    {Role.PROGRAM_ADMIN, Role.SUPERVISOR, Role.CASE_MANAGER, Role.OUTREACH_WORKER}
)
WARN_DAYS = (7, 14, 30)  # the person page warns at 30, 14 and 7 days before expiry

# Statement 1 of 42 CFR 2.32(a)(1) as amended by the 2024 final rule (89 FR 12472).
NOTICE_PARAGRAPHS = (
    "This record which has been disclosed to you is protected by Federal confidentiality "
    "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
    "or testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies:",
    "(i) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise "
    "permitted by 42 CFR part 2.",
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or",
    "(iii) You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E.",
    "A general authorization for the release of medical or other information is NOT "
    "sufficient to meet the required elements of written consent to further use or "
    "redisclose the record (see 42 CFR 2.31).",
)
NOTICE_TEXT = "\n".join(NOTICE_PARAGRAPHS)


def releasable_choices() -> list[tuple[str, str]]:
    return [(g.value, g.label) for g in RELEASABLE]


def plain_groups(values: Iterable[str]) -> list[tuple[str, str]]:
    """(label, plain meaning) of each released group, for the summary the participant keeps."""
    return [(G(v).label, RELEASABLE.get(G(v), "")) for v in values if v in G.values]


def group_label(value: str) -> str:
    return G(value).label if value in G.values else value


def outside_care_team(role: str) -> bool:
    return role not in CARE_TEAM


def notice_applies(actor: Actor, groups: Iterable[str]) -> bool:
    """A page shows Part 2 data to a recipient outside the care team: health records, or
    any group only a release lets this role see."""
    if not actor.role or not outside_care_team(actor.role):
        return False
    shown = {str(g) for g in groups}
    released = {g.value for g in actor.rule.roi_required}
    return bool(shown & (released | {G.HEALTH.value}))


def days_left(consent: ConsentRelease, today: dt.date) -> int | None:
    """Days until an active release ends (0: its last day is today); None if it has no end
    or is not active."""
    if consent.expires_on is None or not consent.is_active(today):
        return None
    return (consent.expires_on - today).days


def expiry_warning(consent: ConsentRelease, today: dt.date) -> int | None:
    """7, 14 or 30 when the release ends within that many days (the tightest), else None."""
    left = days_left(consent, today)
    if left is None:
        return None
    return next((limit for limit in WARN_DAYS if left <= limit), None)


def state_text(consent: ConsentRelease, today: dt.date) -> str:
    """Active, Revoked, Ended or Starts on ...: never a bare "not active"."""
    if consent.revoked_at is not None:
        return "Revoked"
    if consent.starts_on > today:
        return f"Starts {consent.starts_on:%-d %b %Y}"
    if consent.expires_on is not None and consent.expires_on < today:
        return "Ended"
    return "Active"


def recipient_text(consent: ConsentRelease) -> str:
    if consent.recipient_organization is not None:
        return consent.recipient_organization.name
    return f"Any {consent.get_recipient_role_display().lower()} working with the program"
