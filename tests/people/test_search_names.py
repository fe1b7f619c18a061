"""The pure keys of the name search (openlead.linkage.names): parts, sound, edits, ranking."""

from __future__ import annotations

import pytest

from openlead.linkage import names


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Catherine", "Kathryn"),
        ("Stephen", "Steven"),
        ("Smith", "Smyth"),
        ("Philip", "Phillip"),
        ("Jon", "John"),
        ("Knight", "Night"),
        ("Geoffrey", "Jeffrey"),
        ("Claire", "Clare"),
        ("Allen", "Ellen"),
    ],
)
def test_it_gives_names_that_sound_alike_one_key(one: str, other: str) -> None:
    assert names.phonetic_key(one) == names.phonetic_key(other) != ""


@pytest.mark.parametrize(("one", "other"), [("Smith", "Jones"), ("Maria", "Mark"), ("Ann", "Kim")])
def test_it_keeps_names_that_sound_different_apart(one: str, other: str) -> None:
    assert names.phonetic_key(one) != names.phonetic_key(other)


def test_it_gives_no_sound_key_without_latin_letters() -> None:
    assert names.phonetic_key("李") == names.phonetic_key("") == ""
    assert names.phonetic_key("Xavier").startswith("S")  # a leading x sounds as s
    assert names.phonetic_key("Shawn") == "XN"  # "sh" stays one sound


def test_it_splits_a_name_into_plain_lower_case_parts() -> None:
    assert names.name_parts("  José O'Brien-Lee  J. ") == ["jose", "obrien", "lee", "obrienlee"]
    assert names.name_parts("ANN ann Ann") == ["ann"]
    assert names.name_parts("4 5 x !") == []  # digits and one-letter initials are no parts
    assert names.name_parts("J.R.") == ["jr"]  # joined initials are
    assert len(names.name_parts(" ".join(f"part{c}x" for c in "abcdefghijkl"))) == 8
    assert names.name_parts("a" * 90) == ["a" * 40]


def test_it_leaves_one_letter_out_of_parts_of_three_letters_or_more() -> None:
    assert names.deletion_variants("jon") == {"on", "jn", "jo"}
    assert names.deletion_variants("anna") == {"nna", "ana", "ann"}
    assert names.deletion_variants("al") == set()


def test_it_indexes_each_value_once_with_its_strongest_kind() -> None:
    keys = names.index_keys("Anne Smith", "", "Ann Smyth; Bobby")
    kinds = {(k.domain, k.value): k.kind for k in keys}
    assert len(kinds) == len(keys)
    assert kinds[("n", "anne")] == "part" and kinds[("n", "smith")] == "part"
    assert kinds[("n", "ann")] == "alias"  # also a deletion of "anne": the alias is stronger
    assert kinds[("n", "robert")] == "nick"  # bobby -> robert
    assert kinds[("n", "smth")] == "edit" and kinds[("s", "SMT")] == "sound"
    assert names.index_keys("", "", "") == []


def test_it_keys_a_birth_date_by_day_and_year_and_anything_else_as_itself() -> None:
    day = names.birth_date_keys(" 1981-03-04 ")
    assert [(k.kind, k.value) for k in day] == [("dob", "1981-03-04"), ("year", "1981")]
    assert [(k.kind, k.value) for k in names.birth_date_keys("March")] == [("dob", "march")]
    assert names.birth_date_keys("  ") == []
    assert {k.slot for k in names.birth_date_query("1981-03-04")} == {names.BIRTH_SLOT}


def _rank(query: str, stored: dict[int, str]) -> dict[int, float]:
    """Rank plain (unhashed) keys: the hashing is a one-to-one map, so ranks are the same."""
    wanted: dict[str, list[tuple[int, str]]] = {}
    for key in names.query_keys(query):
        wanted.setdefault(f"{key.domain}|{key.value}", []).append((key.slot, key.kind))
    hits = [
        (person, key.kind, f"{key.domain}|{key.value}")
        for person, name in stored.items()
        for key in names.index_keys(name)
    ]
    return {p: names.slot_total(s) for p, s in names.rank_hits(wanted, hits).items()}


def test_it_ranks_exact_over_one_typo_over_a_sound_alike_and_ignores_order() -> None:
    stored = {1: "John Smith", 2: "Jon Smith", 3: "Jan Smyth", 4: "Mary Jones"}
    scores = _rank("Smith John", stored)
    assert scores[1] == 6.0 and scores[1] > scores[2] > scores[3]
    assert 4 not in scores
    assert _rank("Bob Smith", {1: "Robert Smith"})[1] == 5.5  # a nickname, then exact
    assert _rank("Jhon Smtih", stored)[1] == 3.0  # two swapped letters in each part


def test_it_counts_each_query_part_once_at_its_best_match() -> None:
    wanted = {"t1": [(0, "part")], "t2": [(0, "edit")], "t3": [(1, "sound")]}
    hits = [(7, "edit", "t1"), (7, "part", "t1"), (7, "edit", "t2"), (7, "sound", "t3")]
    assert names.rank_hits(wanted, hits) == {7: {0: (3.0, "part"), 1: (1.5, "sound")}}
    assert names.rank_hits(wanted, [(8, "part", "unknown")]) == {}
