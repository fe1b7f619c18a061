"""The values openlead.access.justice_scope names by hand (it sits below legal and
referrals, so it cannot import them) are the models' own."""

from __future__ import annotations

from openlead.access import justice_scope
from openlead.legal.models import OPEN_CASE_STATUSES
from openlead.referrals.models import Door


def test_it_names_the_open_case_statuses_of_the_legal_models() -> None:
    assert justice_scope.OPEN_CASE_STATUSES == tuple(s.value for s in OPEN_CASE_STATUSES)


def test_it_names_the_police_doors_and_leaves_out_community_and_self() -> None:
    assert set(justice_scope.ENFORCEMENT_DOORS) == {Door.ARREST.value, Door.SOCIAL_CONTACT.value}
    assert set(Door.values) - set(justice_scope.ENFORCEMENT_DOORS) == {"community", "self"}
