"""docs/protocols.md stays in step with the code: commands, keys, facts, the example."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from openlead.eligibility import FACT_NAMES, parse_protocol, shipped_protocols
from openlead.eligibility.cli import protocol
from openlead.eligibility.loader import EXCLUSIONS, REQUIREMENTS
from openlead.eligibility.scenarios import load_scenarios
from openlead.eligibility.vocabulary import OFFENSES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "protocols.md"


@pytest.fixture(scope="module")
def docs() -> str:
    return DOCS.read_text(encoding="utf-8")


def keys_of(table: dict[str, Any]) -> set[str]:
    keys = set()
    for key, value in table.items():
        keys.add(key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                keys |= keys_of(item)
    return keys


def test_it_documents_every_protocol_command(docs: str) -> None:
    for name in protocol.commands:
        assert f"`openlead protocol {name}`" in docs, name


def test_it_documents_every_rule_kind_and_fact(docs: str) -> None:
    for name in [*EXCLUSIONS, *REQUIREMENTS, *FACT_NAMES, *OFFENSES]:
        assert f"`{name}`" in docs or f".{name}]" in docs, name


def test_it_documents_every_key_the_shipped_protocols_use(docs: str) -> None:
    used: set[str] = set()
    for path in shipped_protocols().values():
        used |= keys_of(tomllib.loads(path.read_text(encoding="utf-8")))
    vocabulary_codes = {"quality_of_life", "community_concern"}

    for key in sorted(used - vocabulary_codes):
        assert f"`{key}`" in docs or f"[{key}" in docs or f".{key}]" in docs, key


def test_its_example_protocol_is_valid_and_uses_every_key(docs: str) -> None:
    example = re.search(r"```toml\n(.*?)```", docs, re.S)
    assert example is not None

    parsed = parse_protocol(example.group(1), filename="docs example")

    assert parsed.id == "example-lead"
    example_keys = keys_of(tomllib.loads(example.group(1)))
    assert {*EXCLUSIONS, *REQUIREMENTS} <= example_keys
    assert {
        "exempt_forms",
        "applies_to",
        "include_attempts",
        "look_back_years",
        "in_area",
    } <= example_keys


def test_its_example_scenario_line_is_valid(docs: str, tmp_path: Path) -> None:
    line = re.search(r"```json\n(.*?)\n```", docs, re.S)
    assert line is not None
    path = tmp_path / "example.jsonl"
    path.write_text(line.group(1) + "\n", encoding="utf-8")

    [scenario] = load_scenarios(path)

    assert json.loads(line.group(1))["id"] == scenario.id


def test_it_never_imports_django() -> None:
    code = (
        "import sys, openlead.eligibility, openlead.eligibility.cli; "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
