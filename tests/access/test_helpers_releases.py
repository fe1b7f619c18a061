"""Which releases opened a gated group (access.helpers.groups_and_releases): the audit
names them, so the accounting of disclosures can say under which release a read happened
(issue 11, 42 CFR 2.24)."""

from __future__ import annotations

import datetime as dt

import pytest

from openlead.access import helpers as h
from openlead.access.acting import Actor
from openlead.access.roles import FieldGroup as G
from openlead.people.actions import do_record_consent
from tests.access.test_helpers import _actor
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_names_only_the_releases_that_opened_a_gated_group(world: World) -> None:
    own, today = world.people["own"], dt.date.today()
    status_only = do_record_consent(
        own,
        acting=Actor.system("t"),
        field_groups=["enrollment_status"],
        starts_on=today - dt.timedelta(days=1),
        expires_on=today + dt.timedelta(days=5),
        organization_id=world.orgs["police"].pk,
    )
    actor = _actor(world, "dave")
    groups, releases = h.groups_and_releases(actor, own)
    assert G.LEGAL in groups
    assert releases == [world.consents["own-police"].public_id]
    assert status_only.public_id not in releases
    assert h.groups_and_releases(actor, world.people["revoked"]) == (
        frozenset({G.ENROLLMENT_STATUS, G.CM_CONTACT}),
        [],
    )


def test_it_names_a_release_that_opened_only_one_of_two_gated_groups(world: World) -> None:
    same, today = world.people["same"], dt.date.today()
    identity_only = do_record_consent(
        same,
        acting=Actor.system("t"),
        field_groups=["identity"],
        starts_on=today - dt.timedelta(days=1),
        expires_on=today + dt.timedelta(days=5),
        organization_id=world.orgs["defender"].pk,
    )
    groups, releases = h.groups_and_releases(_actor(world, "frank"), same)
    assert G.IDENTITY in groups and G.LEGAL not in groups
    assert releases == [identity_only.public_id]
