"""The race and ethnicity groups of the page: mutually exclusive, from the HMIS 3.04 flags.

A person with exactly one flag is in that group; with two or more, in "More than one";
with none, in "Not recorded". Mutually exclusive groups make the referral counts add up to
the quarter's total, which the suppression needs (a person counted twice would make the
totals say more than the cells). The population table uses the same groups (the census's
"alone" counts, and "two or more races"); docs/accountability.md says how to map them.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openlead.people.models import RACE_FLAGS

FLAGS = [name for name, _label in RACE_FLAGS]
MULTIPLE = "multiple"
NOT_RECORDED = "not_recorded"

# code -> label, in the page's order; the population table has every one but NOT_RECORDED.
GROUP_LABELS: dict[str, Promise] = {
    "am_ind_ak_native": _("American Indian, Alaska Native, or Indigenous"),
    "asian": _("Asian or Asian American"),
    "black_af_american": _("Black, African American, or African"),
    "hispanic_latinao": _("Hispanic/Latina/e/o"),
    "mid_east_n_african": _("Middle Eastern or North African"),
    "native_hi_pacific": _("Native Hawaiian or Pacific Islander"),
    "white": _("White"),
    MULTIPLE: _("More than one race or ethnicity"),
    NOT_RECORDED: _("Not recorded"),
}
POPULATION_GROUPS = [code for code in GROUP_LABELS if code != NOT_RECORDED]


def group_of(flags: dict[str, bool]) -> str:
    """The one group of a person, from their flag columns."""
    ticked = [name for name in FLAGS if flags.get(name)]
    if not ticked:
        return NOT_RECORDED
    return ticked[0] if len(ticked) == 1 else MULTIPLE
