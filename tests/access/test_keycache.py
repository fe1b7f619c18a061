"""Data keys cached for one request only (access.keycache, issue 16)."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from openlead.access import crypto, keycache
from openlead.people import vault
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def _reads(call: object) -> int:
    with CaptureQueriesContext(connections["keys"]) as seen:
        call()  # type: ignore[operator]
    return sum(1 for q in seen.captured_queries if "access_personkey" in q["sql"])


def test_outside_a_request_every_read_goes_to_the_key_store(world: World) -> None:
    ref = world.people["own"].public_id
    assert _reads(lambda: vault.data_key(ref)) == 1
    assert _reads(lambda: vault.data_key(ref)) == 1  # nothing kept: a job holds no keys
    assert keycache.cached(ref) is None


def test_within_a_request_a_key_is_fetched_once_and_dropped_after(world: World) -> None:
    own, other = world.people["own"].public_id, world.people["other"].public_id
    with keycache.request_keys():
        first = _reads(lambda: vault.data_key(own))
        again = _reads(lambda: vault.data_key(own))
        both = _reads(lambda: vault.data_keys([own, other]))  # only `other` is fetched
        assert (first, again, both) == (1, 0, 1)
        assert vault.data_keys([own, other]) == {
            own: vault.data_key(own),
            other: vault.data_key(other),
        }
    assert keycache.cached(own) is None


def test_a_key_destroyed_in_the_request_is_gone_for_the_rest_of_it(world: World) -> None:
    ref = world.people["own"].public_id
    with keycache.request_keys():
        vault.data_key(ref)
        vault.destroy_data_key(ref)
        with pytest.raises(crypto.DecryptionError):
            vault.data_key(ref)
        assert vault.data_keys([ref]) == {}
