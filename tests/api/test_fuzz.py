"""A seeded, small schemathesis run per role in the suite (OPENLEAD_FUZZ_EXAMPLES=10:
positive and negative examples per operation); `make fuzz` runs 100 (tests/api/fuzz.py)."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from openlead.api.auth import TokenRateThrottle
from tests.api.fuzz import ROLES, Tally, examples, fuzz_role, load_schema
from tests.api.helpers import token_for
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_it_answers_fuzzed_requests_without_5xx_or_schema_violations(
    world: World, role: str | None, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    # The battery measures answers, not the rate limit (tests/api/test_errors.py does).
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "1000000/minute"})
    tally = Tally()
    secret = token_for(world, role) if role else ""
    fuzz_role(load_schema(), secret, tally, examples())
    report = os.environ.get("OPENLEAD_FUZZ_REPORT")
    if report:
        with open(report, "a") as out:
            line = {"role": role or "anonymous", "operations": tally.operations}
            line |= {"examples": tally.examples, "failures": len(tally.failures)}
            line |= {"seconds": round(tally.seconds, 1), "statuses": dict(tally.statuses)}
            out.write(json.dumps(line) + "\n")
    # Hypothesis stops early on an operation whose inputs it has exhausted (no parameters).
    assert tally.operations > 0 and tally.examples >= tally.operations
    assert not [s for s in tally.statuses if s >= 500]
    assert tally.failures == []
