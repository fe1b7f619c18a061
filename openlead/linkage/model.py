"""The Splink model: comparisons, their levels and the blocking rules.

Every SQL condition here is plain SQL plus Splink's dialect-aware string functions, so
the same settings run on DuckDB and on Spark.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BLOCKING_RULES_SQL",
    "OutdatedModel",
    "blocking_rule_sql",
    "blocking_rules",
    "comparisons",
    "em_rules",
    "level_labels",
    "outdated",
    "settings",
    "with_parameters",
]

from openlead.linkage.fields import EXTRA_FIELDS, extra_levels

# DuckDB's damerau_levenshtein is ~13x slower than levenshtein; Jaro-Winkler (the
# "similar" level) catches the transpositions that plain Levenshtein scores as 2.
_NAME_JW = 0.88
_PLACEHOLDER_L = "(dob_month_l = '01' AND dob_day_l = '01')"
_PLACEHOLDER_R = "(dob_month_r = '01' AND dob_day_r = '01')"
_PLACEHOLDER_BLOCK = "(l.dob_month = '01' AND l.dob_day = '01')"
# Levenshtein, not Damerau-Levenshtein: cheap, and the same name on DuckDB and Spark.
_SURNAME_NEAR = "levenshtein(l.last_name, r.last_name) <= 2"
_YEAR_DIFF = "abs(cast(dob_year_l AS int) - cast(dob_year_r AS int))"
# The right side's date with day and month exchanged, as an ISO-shaped string.
_SWAPPED_R = "concat(dob_year_r, '-', dob_day_r, '-', dob_month_r)"

# (label, level) pairs, most specific first; the null level is added in front and the
# "different" (else) level at the end. Labels go to pairs.csv and Splink's charts.
Levels = list[tuple[str, Any]]


def _typo(column: str) -> Any:
    """One edit apart. The cheap Jaro-Winkler guard spares most pairs the Levenshtein."""
    import splink.comparison_level_library as cll

    return cll.And(cll.JaroWinklerLevel(column, 0.8), cll.LevenshteinLevel(column, 1))


def _initial_of(one: str, other: str) -> str:
    """`one` side's first name is a single letter: the initial of the other's first or
    middle name."""
    return (
        f"length(first_name_{one}) = 1 AND (first_name_{one} = substr(first_name_{other}, 1, 1) "
        f"OR first_name_{one} = substr(middle_name_{other}, 1, 1))"
    )


def _first_name_levels() -> Levels:
    import splink.comparison_level_library as cll

    # The middle name is read from the side that has one even when only one side does
    # (prepare adds the column empty): a booking clerk who writes the middle name as the
    # first name leaves nothing to compare on the other side's first name.
    middle = "first_name_l = middle_name_r OR middle_name_l = first_name_r"
    return [
        ("exact", cll.ExactMatchLevel("first_name", term_frequency_adjustments=True)),
        ("nickname", cll.CustomLevel("first_name_canon_l = first_name_canon_r")),
        ("swapped", cll.ColumnsReversedLevel("first_name", "last_name")),
        ("typo", _typo("first_name")),
        ("similar", cll.JaroWinklerLevel("first_name", _NAME_JW)),
        ("middle_as_first", cll.CustomLevel(f"({middle})")),
        ("initial", cll.CustomLevel(f"(({_initial_of('l', 'r')}) OR ({_initial_of('r', 'l')}))")),
    ]


def _last_name_levels() -> Levels:
    import splink.comparison_level_library as cll

    any_part = " OR ".join(f"last_name_{a}_l = last_name_{b}_r" for a in (1, 2) for b in (1, 2))
    return [
        ("exact", cll.ExactMatchLevel("last_name", term_frequency_adjustments=True)),
        ("swapped", cll.ColumnsReversedLevel("last_name", "first_name")),
        ("part", cll.CustomLevel(f"({any_part})")),
        ("typo", _typo("last_name")),
        ("similar", cll.JaroWinklerLevel("last_name", _NAME_JW)),
        # Sound-alike and OCR misreadings (ph/f, rn/m, cl/d) are two edits each, and in a
        # short surname (Hess/Liess) leave Jaro-Winkler below "similar". Behind a cheap
        # Jaro-Winkler guard, as "typo": Damerau-Levenshtein is the slow one.
        (
            "two_edits",
            cll.And(
                cll.JaroWinklerLevel("last_name", 0.7),
                cll.DamerauLevenshteinLevel("last_name", 2),
            ),
        ),
    ]


def _dob_levels() -> Levels:
    import splink.comparison_level_library as cll

    same_md = "dob_month_l = dob_month_r AND dob_day_l = dob_day_r"
    either_placeholder = f"({_PLACEHOLDER_L} OR {_PLACEHOLDER_R})"
    return [
        # Before "exact": a 01-01 that matches is still only weak evidence.
        ("placeholder", cll.CustomLevel(f"dob_year_l = dob_year_r AND {either_placeholder}")),
        ("exact", cll.CustomLevel("dob_l = dob_r")),
        (
            "day_month_swapped",
            cll.CustomLevel(
                "dob_year_l = dob_year_r AND dob_month_l = dob_day_r AND dob_day_l = dob_month_r"
            ),
        ),
        ("year_off_by_one", cll.CustomLevel(f"{same_md} AND {_YEAR_DIFF} = 1")),
        (
            "same_year_month",
            cll.CustomLevel("dob_year_l = dob_year_r AND dob_month_l = dob_month_r"),
        ),
        # One digit of the date written or read wrong (a clerk's 1994 for 1974, 04 for
        # 07): strong evidence, where "within 5 years" would count it against a match.
        ("one_digit", cll.LevenshteinLevel("dob", 1)),
        # Both errors of a clerk who reads day and month the other way round and miswrites
        # a digit; and two digits miswritten. Without them such dates fell to
        # "within_5_years" or "different" and counted against the match.
        ("day_month_swapped_one_digit", cll.CustomLevel(f"levenshtein(dob_l, {_SWAPPED_R}) <= 1")),
        ("two_digits", cll.LevenshteinLevel("dob", 2)),
        ("within_5_years", cll.CustomLevel(f"{_YEAR_DIFF} <= 5")),
    ]


def _exact_levels(column: str) -> Levels:
    import splink.comparison_level_library as cll

    return [("exact", cll.ExactMatchLevel(column))]


def _all_levels(optional: tuple[str, ...]) -> dict[str, tuple[Any, Levels]]:
    """name -> (null level, levels); `optional` are the identifiers and extra fields
    both inputs carry (openlead.linkage.fields)."""
    import splink.comparison_level_library as cll

    found: dict[str, Levels] = {
        "first_name": _first_name_levels(),
        "last_name": _last_name_levels(),
        "dob": _dob_levels(),
        "sex": _exact_levels("sex"),
    }
    out = {name: (cll.NullLevel(name), levels) for name, levels in found.items()}
    for name in optional:
        out[name] = (
            extra_levels(name)
            if name in EXTRA_FIELDS
            else (cll.NullLevel(name), _exact_levels(name))
        )
    return out


def comparisons(optional: tuple[str, ...] = ()) -> list[Any]:
    """The comparisons, with one per identifier or extra field both inputs carry."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    out = []
    for name, (null, levels) in _all_levels(optional).items():
        configured = [level.configure(label_for_charts=label) for label, level in levels]
        out.append(
            cl.CustomComparison(
                output_column_name=name,
                comparison_description=f"{name}: " + ", ".join(label for label, _ in levels),
                comparison_levels=[null, *configured, cll.ElseLevel()],
            )
        )
    return out


def level_labels(optional: tuple[str, ...] = ()) -> dict[str, dict[int, str]]:
    """gamma value -> label per comparison (Splink numbers the first level highest)."""
    labels: dict[str, dict[int, str]] = {}
    for name, (_, levels) in _all_levels(optional).items():
        n = len(levels)
        table = {-1: "null", 0: "different"}
        table |= {n - i: label for i, (label, _) in enumerate(levels)}
        labels[name] = table
    return labels


# Why several rules: each catches the true pairs the others miss. A pair is scored once
# even when several rules find it.
BLOCKING_RULES_SQL: dict[str, str] = {
    # Name errors, as long as the date of birth is right and one initial still agrees
    # (the initials cut the pairs to score six-fold; typos rarely hit the first letter).
    "dob+an_initial": (
        "l.dob = r.dob AND (substr(l.first_name, 1, 1) = substr(r.first_name, 1, 1) "
        "OR substr(l.last_name, 1, 1) = substr(r.last_name, 1, 1) "
        "OR substr(l.first_name, 1, 1) = substr(r.last_name, 1, 1))"
    ),
    # Date of birth wrong (swapped, off by one, placeholder) but names right or nicknamed.
    "first_canon+last": "l.first_name_canon = r.first_name_canon AND l.last_name = r.last_name",
    # First and last swapped.
    "swapped": "l.first_name = r.last_name AND l.last_name = r.first_name",
    # Surname typo or double surname, and a date error in the same record.
    "last_soundex+year+initial": (
        "l.last_soundex = r.last_soundex AND l.dob_year = r.dob_year "
        "AND substr(l.first_name, 1, 1) = substr(r.first_name, 1, 1)"
    ),
    # First name right, surname changed, date error.
    "first_canon+month+day": (
        "l.first_name_canon = r.first_name_canon AND l.dob_month = r.dob_month "
        "AND l.dob_day = r.dob_day"
    ),
    # Both names misspelt the way they sound (Kathryn/Catherine, Smyth/Smith) and the
    # date of birth wrong: Double Metaphone codes of the first name and first surname part.
    "phonetic first+last": "l.first_dm = r.first_dm AND l.last_dm = r.last_dm",
    # The first name replaced (an initial, the middle name) or misread, and one part of
    # the date of birth changed (a digit, day and month read the other way round): the
    # surname and two of the three date parts still agree. An equality join on surname
    # and year (or day) first, so the OR only filters.
    "last+year+month": (
        "l.last_name = r.last_name AND l.dob_year = r.dob_year AND (l.dob_month = r.dob_month "
        "OR (l.dob_month = r.dob_day AND l.dob_day = r.dob_month))"
    ),
    "last+day+month_or_year": (
        "l.last_name = r.last_name AND l.dob_day = r.dob_day "
        "AND (l.dob_month = r.dob_month OR l.dob_year = r.dob_year)"
    ),
    # The first name replaced (the middle name, or an initial) and the surname misread
    # where neither initial survives (Moore/Rnoore, Clarke/Darke), the date of birth
    # right. Guarded like the first rule, on the names: the surnames at most two edits
    # apart (a misreading is one or two), which cut the pairs this rule adds from 17,781
    # to 40 on 10,000 people x 100,000 records. The 01-01 placeholder is left out: clerks
    # write it for any unknown date, and it would make one block of all those records.
    "dob+sex": (
        f"l.dob = r.dob AND l.sex = r.sex AND NOT {_PLACEHOLDER_BLOCK} AND {_SURNAME_NEAR}"
    ),
    # The surname misread and one part of the date changed (a digit, a swap): the first
    # name or its formal form still agrees. An equality join on first name and year
    # first, so the OR only filters, as in the surname + date-part rules; the same
    # surname guard (10,136 added pairs to 32 on the same data).
    "first_canon+year+month_or_day": (
        "l.first_name_canon = r.first_name_canon AND l.dob_year = r.dob_year "
        f"AND (l.dob_month = r.dob_month OR l.dob_day = r.dob_day) AND {_SURNAME_NEAR}"
    ),
}


# Extra fields precise enough to find a pair on their own when names and dates are wrong.
_EXTRA_BLOCKS = {
    "phone": "l.phone7 = r.phone7",
    "address": (
        "l.addr_number = r.addr_number AND l.addr_street = r.addr_street "
        "AND l.addr_postal = r.addr_postal"
    ),
    # Any name of one side (primary or alias) equal to any name of the other. As a
    # condition for the blocking ceiling; Splink blocks on it by exploding the arrays.
    "aliases": "len(list_intersect(l.all_names, r.all_names)) > 0",
}
_EXPLODED = {"same aliases": ("l.all_names = r.all_names", ["all_names"])}


def blocking_rule_sql(optional: tuple[str, ...] = ()) -> dict[str, str]:
    """The rules by name, in Splink's order (a pair's match_key is its first rule's index).

    One rule per identifier both sides carry: a pair whose names and date of birth are
    all corrupted, but whose state id agrees, must still become a candidate. Missing
    identifiers never block together (NULL = NULL is not true in SQL).
    """
    rules = dict(BLOCKING_RULES_SQL)
    for c in optional:
        if c not in EXTRA_FIELDS:
            rules[f"same {c}"] = f"l.{c} = r.{c}"
        elif c in _EXTRA_BLOCKS:
            rules[f"same {c}"] = _EXTRA_BLOCKS[c]
    return rules


def blocking_rules(identifiers: tuple[str, ...] = ()) -> list[Any]:
    import splink.blocking_rule_library as brl

    # An exploded rule pairs records once per shared element; Splink keeps each pair once.
    return [
        brl.CustomRule(_EXPLODED[name][0], arrays_to_explode=_EXPLODED[name][1])
        if name in _EXPLODED
        else brl.CustomRule(sql)
        for name, sql in blocking_rule_sql(identifiers).items()
    ]


# Splink's EM self-joins the stacked inputs and only then drops same-source pairs; a
# per-side filter lets the database prune records-to-records pairs before the join
# (10x faster on a million records).
_LEFT_TO_RIGHT = "l.source_dataset = 'left' AND r.source_dataset = 'right'"


def em_rules(link_type: str = "link_only", optional: tuple[str, ...] = ()) -> list[Any]:
    """EM training blocks: dob (trains names, sex), last name (trains first name, dob),
    then the address and each identifier both sides carry (they train names and dob
    where those are often wrong or missing).

    A dedupe has one source, so there is no left-to-right filter to add."""
    import splink.blocking_rule_library as brl

    side = f" AND {_LEFT_TO_RIGHT}" if link_type == "link_only" else ""
    blocks = ["l.dob = r.dob", "l.last_name = r.last_name"]
    if "address" in optional:
        blocks.append("l.addr_number = r.addr_number AND l.addr_street = r.addr_street")
    blocks += [f"l.{c} = r.{c}" for c in optional if c not in EXTRA_FIELDS]
    return [brl.CustomRule(f"{block}{side}") for block in blocks]


def settings(identifiers: tuple[str, ...] = (), *, link_type: str = "link_only") -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type=link_type,  # type: ignore[arg-type]
        comparisons=comparisons(identifiers),
        blocking_rules_to_generate_predictions=blocking_rules(identifiers),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=True,
        max_iterations=20,
        em_convergence=0.001,
    )


class OutdatedModel(ValueError):
    """A trained model whose comparison levels are not the ones this version compares."""


def _level_names(comparisons: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    return [
        (c["output_column_name"], [lv.get("label_for_charts", "") for lv in c["comparison_levels"]])
        for c in comparisons
    ]


def outdated(trained: dict[str, Any]) -> str | None:
    """Why a stored model cannot score with today's levels (None: it can).

    m and u are per level, in order: a model trained before a level was added (or one
    was renamed) would hand each level the numbers of another. Such a model must be
    retrained, never used."""
    identifiers = tuple(c["output_column_name"] for c in trained["comparisons"][4:])
    try:
        current = _level_names(settings(identifiers).create_settings_dict("duckdb")["comparisons"])
    except KeyError as exc:  # an extra field this version no longer knows
        return f"it compares {exc.args[0]!r}, which this version does not"
    for (name, want), (old_name, have) in zip(
        current, _level_names(trained["comparisons"]), strict=True
    ):
        if (name, want) != (old_name, have):
            return f"its {old_name} levels are {', '.join(have[1:-1])}, not {', '.join(want[1:-1])}"
    return None


def with_parameters(
    identifiers: tuple[str, ...], trained: dict[str, Any], dialect: str
) -> dict[str, Any]:
    """Settings in `dialect` carrying the m, u and prior of a model trained elsewhere.

    A saved model's SQL is in its training engine's dialect (DuckDB quotes identifiers
    with ", Spark reads that as a string), so rebuild the SQL and copy the numbers.
    Refuses (OutdatedModel) a model whose levels are not today's.
    """
    why = outdated(trained)
    if why is not None:
        raise OutdatedModel(f"the trained model is outdated: {why}; train a new one")
    fresh: dict[str, Any] = settings(identifiers).create_settings_dict(dialect)
    fresh["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    for new, old in zip(fresh["comparisons"], trained["comparisons"], strict=True):
        for new_level, old_level in zip(
            new["comparison_levels"], old["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if key in old_level:
                    new_level[key] = old_level[key]
    return fresh
