"""Shared fixtures for the eligibility tests (pure: no database, no network)."""

from __future__ import annotations

import pytest

from openlead.eligibility import Protocol, load_protocol, shipped_protocols


@pytest.fixture(scope="session")
def shipped() -> dict[str, Protocol]:
    return {ident: load_protocol(ident) for ident in shipped_protocols()}
