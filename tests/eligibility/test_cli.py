"""`openlead protocol list | check | test | diff`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from openlead.cli import main
from openlead.eligibility import shipped_protocols
from openlead.eligibility.scenarios import SCENARIOS_DIR

from .helpers import facts_for

SEATTLE_CASES = SCENARIOS_DIR / "seattle-lead.jsonl"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["protocol", *map(str, args)])


def write_cases(path: Path, *lines: Any) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def case(ident: str, expected: str, **changes: Any) -> dict[str, Any]:
    return {"id": ident, "facts": facts_for("seattle-lead", **changes), "expected": expected}


def test_it_lists_the_shipped_protocols_with_name_and_version() -> None:
    result = run("list")

    assert result.exit_code == 0, result.output
    for ident in ("seattle-lead", "santa-fe-lead", "atlanta-pad"):
        assert ident in result.output
    assert "Santa Fe LEAD" in result.output and "2014.1" in result.output


def test_it_refuses_to_check_a_protocol_that_does_not_exist() -> None:
    result = run("check", "nowhere-lead")

    assert result.exit_code == 2
    assert "nowhere-lead" in result.output


def test_it_reports_file_line_and_key_for_a_bad_protocol(tmp_path: Path) -> None:
    source = shipped_protocols()["seattle-lead"].read_text(encoding="utf-8")
    bad = tmp_path / "seattle.toml"
    bad.write_text(source.replace("max_drug_grams = 3.0", 'max_drug_grams = "3"'), encoding="utf-8")
    line = next(
        n for n, text in enumerate(bad.read_text().splitlines(), 1) if "max_drug_grams" in text
    )

    result = run("check", bad)

    assert result.exit_code == 2
    assert (
        f"seattle.toml, line {line}, key 'exclusions.drug_quantity.max_drug_grams': must be a number"
        in result.output
    )


@pytest.mark.parametrize("ident", ["seattle-lead", "santa-fe-lead", "atlanta-pad"])
def test_it_checks_each_shipped_protocol_by_id_and_by_path(ident: str) -> None:
    by_id, by_path = run("check", ident), run("check", shipped_protocols()[ident])

    assert by_id.exit_code == 0, by_id.output
    assert by_path.exit_code == 0, by_path.output
    assert by_id.output.startswith("ok")


@pytest.mark.parametrize(
    "ident", ["seattle-lead", "santa-fe-lead", "atlanta-pad", "atlanta-pad@2017.1"]
)
def test_it_passes_the_shipped_scenarios(ident: str) -> None:
    result = run("test", ident, SCENARIOS_DIR / f"{ident}.jsonl")

    assert result.exit_code == 0, result.output
    assert "0 not as expected" in result.output


def test_it_exits_1_when_a_decision_is_not_as_expected(tmp_path: Path) -> None:
    cases = write_cases(
        tmp_path / "cases.jsonl",
        case("fine", "eligible"),
        case("wrong-expectation", "eligible", drug_grams=3.1),
    )

    result = run("test", "seattle-lead", cases)

    assert result.exit_code == 1, result.output
    assert "DIFFERS" in result.output and "wrong-expectation" in result.output
    assert "2.1: 3.1 g is not under the 3 g limit" in result.output
    assert "1 not as expected" in result.output


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        pytest.param('{"id": "x", "facts": {', "not valid JSON", id="bad JSON"),
        pytest.param({"id": "x", "facts": {}}, "'expected' is required", id="missing expected"),
        pytest.param(
            {"id": "x", "facts": {}, "expected": "maybe"},
            "'expected' must be one of",
            id="bad expected",
        ),
        pytest.param({"facts": {}, "expected": "eligible"}, "'id' must be", id="missing id"),
        pytest.param(
            {"id": "x", "facts": [], "expected": "eligible"},
            "'facts' must be an object",
            id="facts list",
        ),
        pytest.param(
            {"id": "x", "facts": {"age": "40"}, "expected": "eligible"},
            "fact 'age'",
            id="wrong fact type",
        ),
        pytest.param(
            {"id": "x", "facts": {}, "expect": "eligible"}, "unknown key 'expect'", id="unknown key"
        ),
        pytest.param(
            {"id": "fine", "facts": {}, "expected": "eligible"},
            "already used on line 1",
            id="duplicate id",
        ),
        pytest.param("[1, 2]", "must be an object", id="not an object"),
    ],
)
def test_it_exits_2_naming_file_and_line_for_a_malformed_case(
    tmp_path: Path, bad_line: Any, problem: str
) -> None:
    cases = write_cases(tmp_path / "cases.jsonl", case("fine", "eligible"), "", bad_line)

    result = run("test", "seattle-lead", cases)

    assert result.exit_code == 2, result.output
    assert "cases.jsonl, line 3: " in result.output
    assert problem in result.output


def test_it_exits_2_when_testing_against_a_bad_protocol(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "bad"\n', encoding="utf-8")

    result = run("test", bad, SEATTLE_CASES)

    assert result.exit_code == 2
    assert "bad.toml, line 1, key 'name': is required" in result.output


def test_it_lists_the_scenarios_two_protocols_decide_differently(tmp_path: Path) -> None:
    source = shipped_protocols()["seattle-lead"].read_text(encoding="utf-8")
    raised = tmp_path / "seattle-4g.toml"
    raised.write_text(
        source.replace("max_drug_grams = 3.0", "max_drug_grams = 4.0"), encoding="utf-8"
    )

    result = run("diff", "seattle-lead", raised, SEATTLE_CASES)

    assert result.exit_code == 0, result.output
    assert "sea-arrest-3.1g" in result.output and "sea-arrest-3.0g" in result.output
    assert "sea-arrest-2.9g" not in result.output
    assert "2 of 27 scenarios decided differently" in result.output


def test_it_diffs_programs_on_a_scenario_file_without_expectations(tmp_path: Path) -> None:
    cases = write_cases(
        tmp_path / "cases.jsonl",
        {"id": "age-17", "facts": facts_for("seattle-lead", age=17)},
        {"id": "age-40", "facts": facts_for("seattle-lead", age=40)},
    )

    result = run("diff", "seattle-lead", "santa-fe-lead", cases)

    assert result.exit_code == 0, result.output
    assert "age-17" in result.output and "age-40" not in result.output
    assert "2.3: age 17 is under the minimum age of 18" in result.output


def test_it_finds_no_difference_between_a_protocol_and_itself() -> None:
    result = run("diff", "atlanta-pad", "atlanta-pad", SCENARIOS_DIR / "atlanta-pad.jsonl")

    assert result.exit_code == 0, result.output
    assert "0 of 11 scenarios decided differently" in result.output


def test_it_describes_every_command_in_help() -> None:
    result = run("--help")

    assert result.exit_code == 0, result.output
    for command in ("list", "check", "test", "diff"):
        assert command in result.output


def test_it_lists_every_shipped_version() -> None:
    result = run("list")

    assert result.exit_code == 0, result.output
    assert "2017.1" in result.output and "2021.1" in result.output


def test_it_checks_one_version_by_id_at_version() -> None:
    result = run("check", "atlanta-pad@2017.1")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: atlanta-pad version 2017.1")


def test_it_refuses_a_version_that_is_not_shipped() -> None:
    result = run("check", "atlanta-pad@1999.1")

    assert result.exit_code == 2
    assert "no version '1999.1' of protocol 'atlanta-pad'" in result.output


def test_it_shows_what_atlanta_2021_changed_from_2017() -> None:
    result = run("diff", "atlanta-pad@2017.1", "atlanta-pad", SCENARIOS_DIR / "atlanta-pad.jsonl")

    assert result.exit_code == 0, result.output
    assert "atlanta-pad 2017.1" in result.output and "atlanta-pad 2021.1" in result.output
    assert "atl-community-311" in result.output and "atl-self" in result.output
    assert "atl-arrest-possession" not in result.output
    assert "2 of 11 scenarios decided differently" in result.output
