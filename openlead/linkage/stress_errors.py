"""Error makers for the stress sets: typos, and the held-out set's clerical errors.

The clerical set's model (docs/linkage.md, "Stress sets") was written down before the
linker was tuned on anything: two errors per record from sound-alike spellings, OCR-like
letter swaps, a first initial, the middle name as first name, a changed digit of the
date, day and month read the other way round, and a double surname run together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["CLERICAL", "clerical_errors", "typo"]

CLERICAL = "clerical"
Rng = np.random.Generator
Row = dict[str, Any]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Spellings that sound alike, both ways.
_SOUND = (("ph", "f"), ("f", "ph"), ("y", "i"), ("i", "y"), ("c", "k"), ("k", "c"),
          ("son", "sen"), ("sen", "son"), ("ck", "k"), ("z", "s"))  # fmt: skip
_OCR = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("h", "li"))


def typo(name: str, rng: Rng) -> str:
    """One edit (substitute, delete, insert, transpose), never on the first letter."""
    if len(name) < 3:
        return name
    i = 1 + int(rng.integers(len(name) - 1))
    letter = _LETTERS[int(rng.integers(26))]
    kind = int(rng.integers(4))
    if kind == 0:
        out = name[:i] + letter + name[i + 1 :]
    elif kind == 1:
        out = name[:i] + name[i + 1 :]
    elif kind == 2:
        out = name[:i] + letter + name[i:]
    else:
        out = name[:i - 1] + name[i] + name[i - 1] + name[i + 1 :] if i > 1 else name[0] + name[2] + name[1] + name[3:]  # fmt: skip
    return (
        out if out != name else name[:i] + ("x" if name[i : i + 1] != "x" else "q") + name[i + 1 :]
    )


def _replace_one(text: str, table: tuple[tuple[str, str], ...], rng: Rng) -> str | None:
    """Apply one applicable substitution (at one of its places), or None if none applies."""
    lower = text.lower()
    options = [(a, b, m.start()) for a, b in table for m in re.finditer(a, lower)]
    if not options:
        return None
    a, b, at = options[int(rng.integers(len(options)))]
    out = lower[:at] + b + lower[at + len(a) :]
    return out.capitalize()


def _sound_alike(rec: Row, rng: Rng) -> bool:
    return _in_a_name(rec, rng, lambda n: _replace_one(n, _SOUND, rng))


def _ocr(rec: Row, rng: Rng) -> bool:
    return _in_a_name(rec, rng, lambda n: _replace_one(n, _OCR, rng))


def _in_a_name(rec: Row, rng: Rng, change: Callable[[str], str | None]) -> bool:
    fields = ["first_name", "last_name"]
    rng.shuffle(fields)
    for f in fields:
        if rec.get(f):
            new = change(rec[f])
            if new and new.lower() != rec[f].lower():
                rec[f] = new
                return True
    return False


def _initial(rec: Row, _rng: Rng) -> bool:
    if not rec.get("first_name") or len(rec["first_name"]) < 2:
        return False
    rec["first_name"] = rec["first_name"][0]
    return True


def _middle_as_first(rec: Row, _rng: Rng) -> bool:
    if not rec.get("middle_name") or rec["middle_name"] == rec.get("first_name"):
        return False
    rec["first_name"] = rec["middle_name"]
    return True


def _dob_digit(rec: Row, rng: Rng) -> bool:
    if not rec.get("dob"):
        return False
    digits = list(rec["dob"].replace("-", ""))
    for _ in range(20):
        pos = int(rng.integers(2, 8))  # not the century
        new = digits.copy()
        new[pos] = str(int(rng.integers(10)))
        text = "".join(new)
        iso = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        if text != "".join(digits) and _valid(iso):
            rec["dob"] = iso
            return True
    return False


def _valid(iso: str) -> bool:
    try:
        np.datetime64(iso)
    except ValueError:
        return False
    return "1900-01-01" <= iso <= "2010-12-31"


def _day_month(rec: Row, _rng: Rng) -> bool:
    if not rec.get("dob"):
        return False
    y, m, d = rec["dob"].split("-")
    if int(d) > 12 or d == m:
        return False
    rec["dob"] = f"{y}-{d}-{m}"
    return True


def _run_together(rec: Row, _rng: Rng) -> bool:
    last = rec.get("last_name") or ""
    if not re.search(r"[- ]", last):
        return False
    rec["last_name"] = re.sub(r"[- ]", "", last).capitalize()
    return True


_ERRORS: tuple[Callable[[Row, Rng], bool], ...] = (
    _sound_alike, _ocr, _initial, _middle_as_first, _dob_digit, _day_month, _run_together,
)  # fmt: skip


def clerical_errors(rec: Row, rng: Rng, n: int) -> None:
    """n different clerical errors (those that apply to this record), in random order."""
    done = 0
    for i in rng.permutation(len(_ERRORS)):
        if done == n:
            break
        done += _ERRORS[int(i)](rec, rng)
