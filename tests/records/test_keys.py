"""Source data keys live in the keys database and follow a KEK rotation."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.test import override_settings

from openlead.cli import main

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def fresh_keyring() -> Iterator[None]:
    from openlead.people.vault import keyring

    keyring.cache_clear()
    yield
    keyring.cache_clear()


def test_it_rewraps_source_keys_under_a_new_kek(fresh_keyring: None) -> None:
    from openlead.people.vault import keyring
    from openlead.records.keys import sealer_for
    from openlead.records.models import SourceKey

    sealed = sealer_for("jail", create=True).seal("J-1", {"last_name": "Fakename"})
    old_id = SourceKey.objects.get(source="jail").kek_id
    keks = {**settings.OPENLEAD_KEKS, "new9": os.urandom(32)}
    with override_settings(OPENLEAD_KEK_ID="new9", OPENLEAD_KEKS=keks):
        keyring.cache_clear()
        result = CliRunner().invoke(main, ["import", "rotate-keys"])
        assert result.exit_code == 0, result.output
        assert "1 source key re-wrapped" in result.output
        row = SourceKey.objects.using("keys").get(source="jail")
        assert row.kek_id == "new9" != old_id
        assert sealer_for("jail").open("J-1", sealed) == {"last_name": "Fakename"}
    keyring.cache_clear()
