"""What a court order must hold before anything is disclosed under it (42 CFR Part 2,
subpart E, as amended by the 2024 final rule).

A subpoena alone never compels disclosure (§2.61): only an order under §2.64 (non-criminal
purposes), §2.65 (to investigate or prosecute the patient), §2.66 (to investigate the
program) or §2.67 (an undercover agent or informant) authorizes it, and only with the
findings its section names. The order must limit disclosure to the parts of the record
essential to its purpose (§2.64(e)(1), §2.65(e)(1)). docs/legal.md cites each one.
"""

from __future__ import annotations

from openlead.access.roles import FieldGroup as G
from openlead.legal.models import DemandKind, OrderSection

FINDINGS: dict[str, str] = {
    "good_cause": "The court found good cause for the disclosure (§2.64(d), §2.66(c)).",
    "other_ways": (
        "Other ways of obtaining the information are not available or would not be effective"
        " (§2.64(d)(1), §2.65(d)(3), §2.67(c)(2))."
    ),
    "public_interest": (
        "The public interest and need for the disclosure outweigh the potential injury to the"
        " participant, the relationship with the program and its services (§2.64(d)(2),"
        " §2.65(d)(4))."
    ),
    "serious_crime": (
        "The crime is extremely serious: one that causes or directly threatens loss of life or"
        " serious bodily injury (§2.65(d)(1))."
    ),
    "substantial_value": (
        "The records are reasonably likely to hold information of substantial value to the"
        " investigation or prosecution (§2.65(d)(2))."
    ),
    "counsel_heard": (
        "The program was given the chance to be represented by independent counsel when law"
        " enforcement applied (§2.65(d)(5))."
    ),
    "misconduct": (
        "There is reason to believe program staff or agents are engaged in criminal misconduct"
        " (§2.67(c)(1))."
    ),
    "limited": (
        "The order limits disclosure to the parts of the record essential to its purpose"
        " (§2.64(e)(1), §2.65(e)(1))."
    ),
    "confidential": (
        "Only if it reaches casework notes: the order finds disclosing confidential"
        " communications necessary under §2.63(a) (a threat to life or of serious bodily"
        " injury, or a proceeding the participant began)."
    ),
}

# The findings in a few words, for the summary above the decision form.
SHORT: dict[str, str] = {
    "good_cause": "good cause",
    "other_ways": "no other way",
    "public_interest": "public interest outweighs the harm",
    "serious_crime": "an extremely serious crime",
    "substantial_value": "substantial value",
    "counsel_heard": "chance of independent counsel",
    "misconduct": "program staff misconduct",
    "limited": "limited to the essential parts",
    "confidential": "§2.63 finding, for casework notes",
}

BASE = ("other_ways", "public_interest", "limited")
REQUIRED: dict[str, tuple[str, ...]] = {
    OrderSection.S264: ("good_cause", *BASE),
    OrderSection.S265: ("serious_crime", "substantial_value", "counsel_heard", *BASE),
    OrderSection.S266: ("good_cause", *BASE),
    OrderSection.S267: ("misconduct", *BASE),
}

# The groups an order may reach. Referral facts, funds and safety/location are never
# essential to a court's purpose here; a criminal order (§2.65) reaches objective data
# only, never the casework notes (what the participant said in confidence, §2.63).
SCOPABLE: tuple[G, ...] = (
    G.IDENTITY,
    G.CONTACT,
    G.DEMOGRAPHICS,
    G.ENROLLMENT_STATUS,
    G.HEALTH,
    G.LEGAL,
    G.CASEWORK_NOTES,
)
CONFIDENTIAL = frozenset({G.CASEWORK_NOTES})

SUBPOENA_ALONE = (
    "A subpoena alone never allows disclosure of these records (42 CFR 2.61). Decline or"
    " object; if a court order under §2.64 or §2.65 follows, log it as its own demand."
)
NOT_AN_ORDER = (
    "A request is not a court order: nothing can be disclosed under it (42 CFR 2.61, 2.13(c))."
    " Decline it."
)


def disclosure_refusal(kind: str) -> str:
    """Why a demand of this kind can never be disclosed under ("" for a court order)."""
    if kind == DemandKind.COURT_ORDER:
        return ""
    return SUBPOENA_ALONE if kind == DemandKind.SUBPOENA else NOT_AN_ORDER


def missing_findings(section: str, findings: list[str], groups: list[str]) -> list[str]:
    """The findings this section (and the scope) requires that the order does not make:
    confidential communications need the §2.63 finding whatever the section."""
    required = list(REQUIRED.get(section, ()))
    if set(groups) & {g.value for g in CONFIDENTIAL}:
        required.append("confidential")
    return [key for key in required if key not in findings]


def scope_errors(section: str, groups: list[str]) -> str:
    if not groups:
        return "Choose the parts of the record the order allows."
    if set(groups) - {g.value for g in SCOPABLE}:
        return "Choose parts of the record from the list."
    if section == OrderSection.S265 and set(groups) & {g.value for g in CONFIDENTIAL}:
        return "An order under §2.65 reaches objective data only, never casework notes."
    return ""


def scopable_choices() -> list[tuple[str, str]]:
    return [(g.value, g.label) for g in SCOPABLE]


def finding_choices() -> list[tuple[str, str]]:
    return list(FINDINGS.items())
