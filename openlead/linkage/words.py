"""What a reviewer reads for a comparison level: words, where the level's code would not do.

The codes (`level_labels`) stay in pairs.csv, the stored explanations and the bands; the
review pages (records.explain) show these words instead. A code not listed here reads
well enough once its underscores are spaces ("year off by one"). No pandas or Splink:
the web app imports this.
"""

from __future__ import annotations

__all__ = ["LEVEL_WORDS", "level_words"]

LEVEL_WORDS: dict[str, str] = {
    "middle_as_first": "middle name used as first name",
    "initial": "initial of the other's name",
    "two_edits": "two letters differ",
    "day_month_swapped": "day and month swapped",
    "day_month_swapped_one_digit": "day and month swapped, one digit off",
    "one_digit": "one digit off",
    "two_digits": "two digits off",
}


def level_words(code: str) -> str:
    return LEVEL_WORDS.get(code, code.replace("_", " "))
