"""The protocol keys issue 13 added: the drug limit's edge, the prosecutor's review, the
extension limit and the roles that need a release. A bad value names file, line and key."""

from __future__ import annotations

import pytest

from openlead.eligibility import Outcome, decide, load_protocol, parse_protocol

from .test_protocol_format import MINIMAL, error_for, line_of

ARREST = {"door": "arrest", "as_of": "2024-05-01", "conduct": ["possession"], "convictions": []}


def with_intake(*lines: str) -> str:
    return MINIMAL + "".join(f"{line}\n" for line in lines)


def test_it_defaults_to_review_on_lapse_no_extension_limit_and_no_release() -> None:
    protocol = parse_protocol(MINIMAL)

    assert protocol.intake.prosecutor_review == "lapsed"
    assert protocol.intake.extension_days == 0
    assert protocol.extension_limit_days == 30  # 0 means as long as the window
    assert protocol.release_required_for == ()


def test_it_reads_every_arrest_review_and_an_extension_limit() -> None:
    protocol = parse_protocol(
        with_intake('prosecutor_review = "every_arrest"', "extension_days = 14")
    )

    assert protocol.intake.prosecutor_review == "every_arrest"
    assert (protocol.intake.extension_days, protocol.extension_limit_days) == (14, 14)


def test_it_reads_the_roles_that_need_a_release() -> None:
    text = MINIMAL.replace(
        "to_confirm = []", 'to_confirm = []\nrelease_required_for = ["prosecutor", "defender"]'
    )

    assert parse_protocol(text).release_required_for == ("prosecutor", "defender")
    empty = MINIMAL.replace("to_confirm = []", "to_confirm = []\nrelease_required_for = []")
    assert parse_protocol(empty).release_required_for == ()


@pytest.mark.parametrize(
    ("text", "marker", "key", "message"),
    [
        pytest.param(
            with_intake('prosecutor_review = "always"'),
            "prosecutor_review",
            "intake.prosecutor_review",
            "must be one of lapsed, every_arrest",
            id="unknown review",
        ),
        pytest.param(
            with_intake('prosecutor_review = "every_arest"'),
            "prosecutor_review",
            "intake.prosecutor_review",
            "(did you mean 'every_arrest'?)",
            id="review typo gets a hint",
        ),
        pytest.param(
            with_intake("extension_days = -1"),
            "extension_days",
            "intake.extension_days",
            "must be at least 0",
            id="negative extension",
        ),
        pytest.param(
            with_intake("extension_days = 7.5"),
            "extension_days",
            "intake.extension_days",
            "must be a whole number",
            id="fractional extension",
        ),
        pytest.param(
            MINIMAL.replace(
                "to_confirm = []",
                'to_confirm = []\nrelease_required_for = [\n  "prosecutor",\n  "judge",\n]',
            ),
            '"judge"',
            "release_required_for",
            "unknown justice role 'judge'",
            id="unknown role, on its own line",
        ),
        pytest.param(
            MINIMAL.replace(
                "to_confirm = []", 'to_confirm = []\nrelease_required_for = ["defendr"]'
            ),
            "release_required_for",
            "release_required_for",
            "(did you mean 'defender'?)",
            id="role typo gets a hint",
        ),
        pytest.param(
            MINIMAL.replace(
                "to_confirm = []", 'to_confirm = []\nrelease_required_for = "defender"'
            ),
            "release_required_for",
            "release_required_for",
            "must be a list of strings",
            id="role not in a list",
        ),
        pytest.param(
            MINIMAL.replace("max_drug_grams = 3", 'max_drug_grams = 3\nlimit_included = "no"'),
            "limit_included",
            "exclusions.drug_quantity.limit_included",
            "must be true or false",
            id="limit edge not a boolean",
        ),
    ],
)
def test_it_names_file_line_and_key_for_a_bad_new_key(
    text: str, marker: str, key: str, message: str
) -> None:
    issues = error_for(text).issues

    assert len(issues) == 1, issues
    issue = issues[0]
    assert (issue.file, issue.line, issue.key) == ("test.toml", line_of(text, marker), key)
    assert message in issue.message


@pytest.mark.parametrize(
    ("grams", "included", "expected"),
    [
        pytest.param(2.9, False, Outcome.ELIGIBLE, id="under the limit"),
        pytest.param(3.0, False, Outcome.INELIGIBLE, id="exactly the limit, excluded"),
        pytest.param(3.0, True, Outcome.ELIGIBLE, id="exactly the limit, included"),
        pytest.param(3.1, True, Outcome.INELIGIBLE, id="over the limit"),
    ],
)
def test_it_keeps_or_excludes_the_exact_limit_as_the_clause_says(
    grams: float, included: bool, expected: Outcome
) -> None:
    edge = "true" if included else "false"
    protocol = parse_protocol(
        MINIMAL.replace("max_drug_grams = 3", f"max_drug_grams = 3\nlimit_included = {edge}")
    )

    assert decide(protocol, {**ARREST, "drug_grams": grams}).outcome is expected


def test_it_says_not_under_when_the_exact_limit_excludes() -> None:
    decision = decide(load_protocol("seattle-lead"), {**ARREST, "drug_grams": 3.0})

    assert any(str(r) == "2.1: 3 g is not under the 3 g limit" for r in decision.reasons)


def test_it_ships_santa_fe_with_every_arrest_review_and_the_others_on_lapse() -> None:
    reviews = {
        ident: load_protocol(ident).intake.prosecutor_review
        for ident in ("seattle-lead", "santa-fe-lead", "atlanta-pad", "atlanta-pad@2017.1")
    }

    assert reviews == {
        "seattle-lead": "lapsed",
        "santa-fe-lead": "every_arrest",
        "atlanta-pad": "lapsed",
        "atlanta-pad@2017.1": "lapsed",
    }


def test_it_ships_no_release_rule_or_extension_limit_without_public_support() -> None:
    for ident in ("seattle-lead", "santa-fe-lead", "atlanta-pad", "atlanta-pad@2017.1"):
        protocol = load_protocol(ident)
        assert protocol.release_required_for == (), ident
        assert protocol.intake.extension_days == 0, ident
