"""Code lists: HUD HMIS FY2026 (3.12 destination, 3.917 living situation) and our own vocabularies."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from openlead.people.models import YesNoReason


class Residence(models.IntegerChoices):
    """HMIS residence situations: one list of codes and labels, from which 3.917 (prior or
    current living situation) and 3.12 (exit destination) each take their own options.
    The first digit gives the class: homeless, institutional, temporary, permanent."""

    EMERGENCY_SHELTER = 101, "Emergency shelter"
    NOT_MEANT_FOR_HABITATION = 116, "Place not meant for habitation"
    SAFE_HAVEN = 118, "Safe Haven"
    PSYCHIATRIC = 204, "Psychiatric hospital or facility"
    SUBSTANCE_USE_TREATMENT = 205, "Substance-use treatment facility or detox"
    HOSPITAL = 206, "Hospital or other residential medical facility"
    JAIL = 207, "Jail, prison or juvenile detention"
    FOSTER_CARE = 215, "Foster care"
    LONG_TERM_CARE = 225, "Long-term care facility or nursing home"
    TRANSITIONAL = 302, "Transitional housing"
    FAMILY_TEMPORARY = 312, "Staying with family, temporary"
    FRIENDS_TEMPORARY = 313, "Staying with friends, temporary"
    HOTEL_NO_VOUCHER = 314, "Hotel or motel paid without a voucher"
    HALFWAY_HOUSE = 329, "Halfway house"
    HOST_HOME = 332, "Host home (non-crisis)"
    FAMILY_ROOM = 335, "Staying in a family member's room, apartment or house"
    FRIEND_ROOM = 336, "Staying in a friend's room, apartment or house"
    RENTAL_NO_SUBSIDY = 410, "Rental, no ongoing subsidy"
    OWNED = 411, "Owned, no ongoing subsidy"
    OWNED_SUBSIDY = 421, "Owned, with ongoing subsidy"
    FAMILY_PERMANENT = 422, "Staying or living with family, permanent"
    FRIENDS_PERMANENT = 423, "Staying or living with friends, permanent"
    RENTAL_SUBSIDY = 435, "Rental, with ongoing subsidy"
    OTHER = 17, "Other"
    DECEASED = 24, "Deceased"
    NO_EXIT_INTERVIEW = 30, "No exit interview completed"
    WORKER_UNABLE = 37, "Worker unable to determine"
    DOESNT_KNOW = 8, "Client doesn't know"
    PREFERS_NOT = 9, "Client prefers not to answer"
    NOT_COLLECTED = 99, "Data not collected"


def _options(*situations: Residence) -> list[tuple[int, str]]:
    return [(s.value, s.label) for s in situations]


_R = Residence
# What both elements offer, in HUD's order: homeless to temporary (up to the host home),
# the permanent situations, and the answers that say nothing.
_HOMELESS_TO_TEMPORARY = tuple(s for s in _R if 100 < s.value <= _R.HOST_HOME)
_PERMANENT = tuple(s for s in _R if s.value >= _R.RENTAL_NO_SUBSIDY)
_NO_ANSWER = (_R.DOESNT_KNOW, _R.PREFERS_NOT, _R.NOT_COLLECTED)

# HMIS 3.917 prior/current living situation: also a room with family or friends.
LIVING_SITUATIONS = _options(
    *_HOMELESS_TO_TEMPORARY,
    _R.FAMILY_ROOM,
    _R.FRIEND_ROOM,
    *_PERMANENT,
    _R.WORKER_UNABLE,
    *_NO_ANSWER,
)
# HMIS 3.12 exit destination: also other, deceased, and no exit interview.
DESTINATIONS = _options(
    *_HOMELESS_TO_TEMPORARY, *_PERMANENT, _R.OTHER, _R.DECEASED, _R.NO_EXIT_INTERVIEW, *_NO_ANSWER
)
DESTINATION_LABELS = dict(DESTINATIONS)


# HMIS 1.8 is defined once, beside the Person demographics that use it first.
YesNo = YesNoReason


class EmploymentStage(models.TextChoices):
    """The employment continuum the UW evaluation counted (any stage but NONE is "on it")."""

    NONE = "none", "Not on the employment continuum"
    TRAINING = "training", "Education or job training"
    SEEKING = "seeking", "Looking for work"
    INFORMAL = "informal", "Informal or day work"
    PART_TIME = "part_time", "Employed part-time"
    FULL_TIME = "full_time", "Employed full-time"
    NOT_COLLECTED = "not_collected", "Data not collected"


INCOME_SOURCES = [
    ("earned", "Earned income"),
    ("ssi", "SSI"),
    ("ssdi", "SSDI"),
    ("tanf", "TANF"),
    ("ga", "General assistance"),
    ("unemployment", "Unemployment insurance"),
    ("snap", "SNAP (food benefits)"),
    ("other", "Other income or benefits"),
]

INSURANCE_SOURCES = [
    ("medicaid", "Medicaid"),
    ("medicare", "Medicare"),
    ("va", "VA medical services"),
    ("private", "Private or employer"),
    ("other", "Other"),
]


class Domain(models.TextChoices):
    """Needs domains of the psychosocial assessment and the plan."""

    HOUSING = "housing", "Housing"
    INCOME = "income", "Income and benefits"
    ID_DOCUMENTS = "id_documents", "ID documents"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE_USE = "substance_use", "Substance use"
    LEGAL = "legal", "Legal"
    FAMILY = "family", "Family"
    SAFETY = "safety", "Safety"


class DomainStatus(models.TextChoices):
    """NOT_ASSESSED comes first and is the form's default: a domain nobody talked about is
    missing, never "no need" (issue 11: an untouched domain was recorded as no need)."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    NO_NEED = "no_need", "No need"
    NEED = "need", "Need identified"
    IN_PROGRESS = "in_progress", "In progress"
    MET = "met", "Met"
    DECLINED = "declined", "Participant declined"


# 42 CFR Part 2: substance-use (and health) answers belong to the HEALTH field group.
HEALTH_DOMAINS = frozenset({Domain.PHYSICAL_HEALTH, Domain.MENTAL_HEALTH, Domain.SUBSTANCE_USE})


# The person page's forms post these; actions name them on the 409 page.
FUNDS_DECISIONS = [
    ("approve", "Approve"),
    ("decline", "Do not approve"),
    ("pay", "Mark paid"),
    ("reverse", "Reverse"),
]
DECISION_LABELS = dict(FUNDS_DECISIONS)

ENROLLMENT_ACTIONS = [
    ("inactive", "Mark inactive"),
    ("reactivate", "Active again"),
    ("exit", "Exit"),
    ("reassign", "Change case manager"),
    ("enroll", "Enroll again"),
]
ENROLLMENT_LABELS = dict(ENROLLMENT_ACTIONS)


def label_of(choices: Any, code: object) -> str:
    """The human label of a code in a list of (code, label) pairs or a Choices class; an
    unknown code (a list changed since) is said so, rather than shown as the raw code (issue 11: raw codes on screen)."""
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return str(dict(pairs).get(code, "(no longer on the list)"))


def labels_of(choices: Any, codes: Iterable[object]) -> list[str]:
    return [label_of(choices, code) for code in codes]
