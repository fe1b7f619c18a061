"""Reading protocol files: every kind of mistake names the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from openlead.eligibility import (
    Outcome,
    ProtocolError,
    decide,
    load_protocol,
    parse_protocol,
    shipped_protocols,
)

MINIMAL = """\
id = "test-program"
name = "Test program"
version = "1"
effective = 2024-01-01
timezone = "America/Denver"
sources = ["A protocol written for openlead's tests"]
to_confirm = []

[vocabulary.offenses]
vehicular_homicide = "Vehicular homicide"

[doors]
clause = "1"
text = "Arrest only."

[doors.arrest]
clause = "1.1"
text = "Possession at arrest."
conduct = ["possession"]

[exclusions.drug_quantity]
clause = "2.1"
text = "Over 3 g."
max_drug_grams = 3

[exclusions.criminal_history]
clause = "2.2"
text = "Criminal history."

[[exclusions.criminal_history.lists]]
clause = "2.2(a)"
text = "No time limit."
offenses = [
  "murder_1",
  "attempt:murder_1",
  "vehicular_homicide",
]

[[exclusions.criminal_history.lists]]
clause = "2.2(b)"
text = "Five years."
offenses = ["robbery_2"]
look_back_years = 5

[intake]
clause = "3"
text = "Thirty days."
window_days = 30
on_lapse = "automatic_filing"
"""


def line_of(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


def error_for(text: str) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, filename="test.toml")
    return caught.value


def test_it_reads_the_minimal_protocol() -> None:
    protocol = parse_protocol(MINIMAL, filename="test.toml")

    assert (protocol.id, protocol.version, str(protocol.effective)) == (
        "test-program",
        "1",
        "2024-01-01",
    )
    assert protocol.intake.on_lapse == "automatic_filing"
    assert protocol.intake.window_days == 30
    assert list(protocol.doors) == ["arrest"]


def test_it_decides_with_an_offense_code_the_protocol_adds() -> None:
    protocol = parse_protocol(MINIMAL)
    facts = {
        "door": "arrest",
        "as_of": "2024-05-01",
        "conduct": ["possession"],
        "drug_grams": 1,
        "convictions": [{"offense": "vehicular_homicide"}],
    }

    assert decide(protocol, facts).outcome is Outcome.INELIGIBLE
    assert decide(protocol, {**facts, "convictions": []}).outcome is Outcome.ELIGIBLE


@pytest.mark.parametrize(
    ("old", "new", "marker", "key", "message"),
    [
        pytest.param(
            "max_drug_grams = 3",
            "max_drug_grams = 3,0",
            "max_drug_grams",
            "exclusions.drug_quantity.max_drug_grams",
            "invalid TOML",
            id="bad TOML syntax",
        ),
        pytest.param(
            '[doors]\nclause = "1"',
            '[doors\nclause = "1"',
            "[doors",
            "doors",
            "invalid TOML",
            id="bad table header",
        ),
        pytest.param(
            "max_drug_grams = 3",
            "max_drug_gram = 3",
            "max_drug_gram",
            "exclusions.drug_quantity.max_drug_gram",
            "unknown key (did you mean 'max_drug_grams'?)",
            id="unknown key",
        ),
        pytest.param(
            "[exclusions.drug_quantity]",
            "[exclusions.drug_quantiy]",
            "drug_quantiy",
            "exclusions.drug_quantiy",
            "unknown key (did you mean 'drug_quantity'?)",
            id="unknown table",
        ),
        pytest.param(
            "look_back_years = 5",
            "look_back_years = 5\nlookback = 5",
            "lookback",
            "exclusions.criminal_history.lists[1].lookback",
            "unknown key",
            id="unknown key in array of tables",
        ),
        pytest.param(
            "max_drug_grams = 3",
            'max_drug_grams = "3"',
            "max_drug_grams",
            "exclusions.drug_quantity.max_drug_grams",
            "must be a number",
            id="wrong type: number",
        ),
        pytest.param(
            "window_days = 30",
            "window_days = 30.5",
            "window_days",
            "intake.window_days",
            "must be a whole number",
            id="wrong type: whole number",
        ),
        pytest.param(
            "effective = 2024-01-01",
            'effective = "2024-01-01"',
            "effective",
            "effective",
            "must be a date",
            id="wrong type: date",
        ),
        pytest.param(
            "to_confirm = []",
            'to_confirm = "nothing"',
            "to_confirm",
            "to_confirm",
            "must be a list of strings",
            id="wrong type: list",
        ),
        pytest.param(
            'on_lapse = "automatic_filing"',
            'on_lapse = "automatic"',
            "on_lapse",
            "intake.on_lapse",
            "must be one of prosecutor_decides, automatic_filing",
            id="wrong choice",
        ),
        pytest.param(
            "window_days = 30\n",
            "",
            "[intake]",
            "intake.window_days",
            "is required",
            id="missing required key",
        ),
        pytest.param(
            'text = "Over 3 g."\n',
            "",
            "[exclusions.drug_quantity]",
            "exclusions.drug_quantity.text",
            "is required",
            id="missing clause text",
        ),
        pytest.param(
            'version = "1"\n',
            "",
            "id =",
            "version",
            "is required",
            id="missing top-level key",
        ),
        pytest.param(
            '  "attempt:murder_1",',
            '  "attempt:murdr_1",',
            "attempt:murdr_1",
            "exclusions.criminal_history.lists[0].offenses",
            "unknown offense code 'attempt:murdr_1' (did you mean 'attempt:murder_1'?)",
            id="unknown offense code on its own line",
        ),
        pytest.param(
            'conduct = ["possession"]',
            'conduct = ["posession"]',
            "posession",
            "doors.arrest.conduct",
            "unknown conduct category 'posession'",
            id="unknown conduct",
        ),
        pytest.param(
            "max_drug_grams = 3",
            'max_drug_grams = 3\ndoors = ["social_contact"]',
            "social_contact",
            "exclusions.drug_quantity.doors",
            "door 'social_contact' is not offered",
            id="door not offered",
        ),
        pytest.param(
            'clause = "2.2(b)"',
            'clause = "2.2(a)"  # again',
            "# again",
            "exclusions.criminal_history.lists[1].clause",
            "already used",
            id="duplicate clause id",
        ),
        pytest.param(
            'timezone = "America/Denver"',
            'timezone = "America/Santa_Fe"',
            "timezone",
            "timezone",
            "unknown time zone",
            id="unknown time zone",
        ),
        pytest.param(
            'id = "test-program"',
            'id = "Test Program"',
            "id =",
            "id",
            "lower-case",
            id="bad id",
        ),
        pytest.param(
            'vehicular_homicide = "Vehicular homicide"',
            'murder_1 = "Murder"',
            "murder_1 =",
            "vocabulary.offenses.murder_1",
            "already in the shared vocabulary",
            id="vocabulary clash",
        ),
        pytest.param(
            "look_back_years = 5",
            "look_back_years = 0",
            "look_back_years",
            "exclusions.criminal_history.lists[1].look_back_years",
            "must be at least 1",
            id="out of range",
        ),
    ],
)
def test_it_names_file_line_and_key(
    old: str, new: str, marker: str, key: str, message: str
) -> None:
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)

    issues = error_for(text).issues
    issue = next((issue for issue in issues if issue.key == key), issues[0])

    assert issue.file == "test.toml"
    assert issue.line == line_of(text, marker)
    if key:
        assert issue.key == key
    assert message in issue.message
    assert str(issue).startswith(f"test.toml, line {issue.line}, key '{issue.key}': ")


def test_it_reports_every_problem_at_once_in_line_order() -> None:
    text = MINIMAL.replace("max_drug_grams = 3", 'max_drug_grams = "3"').replace(
        'on_lapse = "automatic_filing"', 'on_lapse = "later"'
    )

    issues = error_for(text).issues

    assert [issue.key for issue in issues] == [
        "exclusions.drug_quantity.max_drug_grams",
        "intake.on_lapse",
    ]
    assert issues[0].line < issues[1].line


def test_it_finds_keys_after_multi_line_strings_and_arrays() -> None:
    text = MINIMAL.replace(
        "to_confirm = []",
        'to_confirm = [\n  "a [bracket",\n  """a\nmax_drug_grams = "not a key"\n""",\n]',
    ).replace("max_drug_grams = 3", "max_drug_grams = true")

    issue = error_for(text).issues[0]

    assert issue.line == line_of(text, "max_drug_grams = true")


def test_it_names_the_file_when_loading_by_path(tmp_path: Path) -> None:
    path = tmp_path / "seattle.toml"
    path.write_text(MINIMAL.replace("max_drug_grams = 3", "max_drug_grams = [3]"), encoding="utf-8")

    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)

    expected_line = line_of(path.read_text(), "max_drug_grams")
    assert str(caught.value) == (
        f"seattle.toml, line {expected_line}, key 'exclusions.drug_quantity.max_drug_grams': "
        "must be a number"
    )


def test_it_refuses_an_unknown_protocol_id() -> None:
    with pytest.raises(FileNotFoundError):
        load_protocol("nowhere-lead")


@pytest.mark.parametrize("ident", ["seattle-lead", "santa-fe-lead", "atlanta-pad"])
def test_it_ships_each_protocol_with_sources_and_notes_to_confirm(ident: str) -> None:
    path = shipped_protocols()[ident]
    protocol = load_protocol(path)

    assert protocol.id == path.stem == ident
    assert protocol.sources and protocol.to_confirm
    assert protocol.intake.window_days == 30
    assert protocol.intake.on_lapse == "prosecutor_decides"


def test_it_ships_the_doors_each_program_offers() -> None:
    doors = {ident: list(load_protocol(ident).doors) for ident in shipped_protocols()}

    assert doors == {
        "seattle-lead": ["arrest", "social_contact", "community", "self"],
        "santa-fe-lead": ["arrest", "social_contact"],
        "atlanta-pad": ["arrest", "community", "self"],
    }
