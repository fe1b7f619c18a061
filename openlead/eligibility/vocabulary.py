"""The shared facts vocabulary: the codes every protocol reads.

Scenario files and the referral form use these names for every program, so a case written
for Seattle can be replayed against Santa Fe. A protocol may add conduct categories and
offense codes (its `[vocabulary]` table) but never rename these.
"""

from __future__ import annotations

from typing import Final

DOORS: Final[dict[str, str]] = {
    "arrest": "Arrest diversion",
    "social_contact": "Social contact referral",
    "community": "Community referral",
    "self": "Self-referral",
}

CONDUCT: Final[dict[str, str]] = {
    "possession": "Possession of a controlled substance",
    "sale": "Sale of a controlled substance",
    "prostitution": "Sex work (prostitution)",
}

# Conduct that involves an amount of a drug; the default for `drug_quantity.applies_to`.
DRUG_CONDUCT: Final[tuple[str, ...]] = ("possession", "sale")

DRUG_FORMS: Final[dict[str, str]] = {
    "pills": "Pills",
    "other": "Other form (powder, rock, liquid, ...)",
}

OFFENSES: Final[dict[str, str]] = {
    "murder_1": "Murder in the first degree",
    "murder_2": "Murder in the second degree",
    "arson_1": "Arson in the first degree",
    "arson_2": "Arson in the second degree",
    "robbery_1": "Robbery in the first degree",
    "robbery_2": "Robbery in the second degree",
    "assault_1": "Assault in the first degree",
    "assault_2": "Assault in the second degree",
    "assault_3": "Assault in the third degree",
    "kidnapping": "Kidnapping",
    "firearm_1": "Unlawful possession of a firearm in the first degree",
    "firearm_2": "Unlawful possession of a firearm in the second degree",
    "sex_offense": "A sex offense",
    "burglary_1": "Burglary in the first degree",
    "burglary_2": "Burglary in the second degree",
    "domestic_violence": "A domestic violence offense",
    "promoting_prostitution": "Promoting prostitution",
}

# `attempt:robbery_1` is an attempt of robbery_1; one level only.
ATTEMPT_PREFIX: Final = "attempt:"

ACTIVITY_SOURCES: Final[dict[str, str]] = {
    "records": "Police or court records",
    "officer_observation": "The officer's own observation",
    "community_member": "A credible community member",
}

ON_LAPSE: Final[dict[str, str]] = {
    "prosecutor_decides": "The arrest goes back to the prosecutor, who may file",
    "automatic_filing": "Charges are filed",
}

# `[intake] prosecutor_review`: when the prosecutor sees an arrest referral.
PROSECUTOR_REVIEW: Final[dict[str, str]] = {
    "lapsed": "When the intake window lapses",
    "every_arrest": "Every arrest referral, at screening",
}

# `release_required_for`: the justice roles (access.roles.Role values) that see a
# participant only under an active release naming them (Program.release_required_for).
RELEASE_ROLES: Final[dict[str, str]] = {
    "police_officer": "Police officer",
    "prosecutor": "Prosecutor",
    "defender": "Defender",
}


def split_attempt(code: str) -> tuple[bool, str]:
    """Return (is_attempt, base code) for an offense code such as `attempt:robbery_1`."""
    if code.startswith(ATTEMPT_PREFIX):
        return True, code[len(ATTEMPT_PREFIX) :]
    return False, code


# The yes/no exclusions an officer can tick in one list ("Does any of this apply?") instead
# of answering each on its own; an unticked item is a "no" once anything is ticked.
OFFICER_CHECKS: Final[dict[str, str]] = {
    "exploits_minors": "Exploits minors or others in the activity",
    "promotes_prostitution": "Promotes sex work by others",
    "pending_specialty_court": "Has a pending drug-court or mental-health-court case",
    "no_contact_order_with_participant": (
        "A no-contact or anti-harassment order bars contact with a current participant"
    ),
}
CONVICTIONS_CHECK: Final = "Has past convictions (choose them below)"
NONE_OF_THESE: Final = "None of these"
