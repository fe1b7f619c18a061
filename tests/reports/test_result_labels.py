"""The run page's words for the engine's codes (openlead.reports.results)."""

from __future__ import annotations

import pytest

from openlead.reports.results import DESIGN_LABELS, outcome_label, window_label


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("any_arrest", "any arrest"),
        (
            "rri[race=black_af_american vs white]",
            "relative rate index: race Black, African American, or African against White",
        ),
        ("rri[race=(missing) vs white]", "relative rate index: race not recorded against White"),
        ("rri[age_band=18-24 vs 35-44]", "relative rate index: age band 18-24 against 35-44"),
        (
            "no_eligible_arrest_24m[door=social_contact]",
            "no eligible arrest 24m (door: social contact)",
        ),
        ("top_10pct_officer_share", "top 10pct officer share"),
    ],
)
def test_it_puts_outcome_codes_in_words(code: str, words: str) -> None:
    assert outcome_label(code) == words


def test_it_puts_windows_in_words() -> None:
    assert [window_label(w) for w in ("6m", "12m", "long")] == [
        "6 months",
        "12 months",
        "whole follow-up",
    ]


def test_every_design_has_a_label() -> None:
    from openlead.evaluation.designs import DESIGNS

    assert set(DESIGNS) <= set(DESIGN_LABELS)
