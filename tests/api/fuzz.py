"""The fuzzing battery (security-bar item 21): schemathesis generates requests from the
API's own OpenAPI document, per operation and per role (a token acting as each persona,
and no credentials at all), and checks every answer: no 5xx, and status, content type,
headers and body as the document says. tests/api/test_fuzz.py runs a small seeded set in
the suite; `make fuzz` runs OPENLEAD_FUZZ_EXAMPLES (100) per operation per role."""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The personas a token may act as, and no credentials at all (None).
ROLES: list[str | None] = [
    "alice",
    "bob",
    "otto",
    "dave",
    "erin",
    "frank",
    "gina",
    "una",
    "carol",
    "cora",
    None,
]


def examples() -> int:
    return int(os.environ.get("OPENLEAD_FUZZ_EXAMPLES", "10"))


def load_schema() -> Any:
    from django.core.wsgi import get_wsgi_application

    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


@dataclass
class Tally:
    operations: int = 0
    examples: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def fuzz_role(schema: Any, secret: str, tally: Tally, n: int) -> None:
    """Every operation with n positive and n negative examples, derandomized (seeded)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    start = time.monotonic()
    # As Django's test client does: the calls run in the test's transaction, and on
    # PostgreSQL close_old_connections would close that connection after the first call
    # (its autocommit is off inside the test), leaving every later call a closed one.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            tally.operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz_operation(operation, mode, headers, tally, n)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    tally.seconds += time.monotonic() - start


def _fuzz_operation(
    operation: Any, mode: GenerationMode, headers: dict[str, str], tally: Tally, n: int
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=n,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(base_url="http://testserver", headers=headers)
        tally.examples += 1
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as failure:  # noqa: BLE001  (every failure is reported, then raised)
            tally.failures.append(f"{operation.label} {mode.value}: {failure}"[:2000])

    run()
