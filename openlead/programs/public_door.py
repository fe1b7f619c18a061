"""The program's public-door settings: the phone, its hours and the crisis lines a person
sees after referring themself. Parsing and checks only (no Django), so the settings form
validates with the same rules the thanks page reads with."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CRISIS_LINES = 6
MAX_HOURS = 200
# A label and a number, split by an em dash, a plain dash with spaces, or a colon.
_SPLIT = re.compile(r"\s+[—–-]\s+|\s*:\s+")
# Digits with the usual separators and an optional leading +: "(206) 555-0142", "988",
# "+1 206 555 0142", "1-800-555-0199 ext. 4"; letters other than "ext" are not a phone.
_PHONE = re.compile(r"^\+?[0-9 ().\-]+(\s*(ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)


@dataclass(frozen=True)
class CrisisLine:
    label: str
    number: str


def phone_problem(text: str) -> str | None:
    """Why `text` is not a phone number a person could dial, or None if it is."""
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE.match(text.strip()) or not 3 <= digits <= 15:
        return "Write a phone number with digits, such as (206) 555-0142 or 988."
    return None


def _line(text: str) -> CrisisLine | None:
    parts = _SPLIT.split(text.strip(), maxsplit=1)
    if len(parts) != 2 or not parts[0].strip():
        return None
    return CrisisLine(parts[0].strip(), parts[1].strip())


def crisis_problems(text: str) -> list[str]:
    """What is wrong with the crisis-lines text, one message per problem (empty if fine)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_CRISIS_LINES:
        return [f"List at most {MAX_CRISIS_LINES} crisis lines."]
    problems = []
    for number, line in enumerate(lines, start=1):
        parsed = _line(line)
        if parsed is None:
            problems.append(f"Line {number}: write it as “label — number”.")
        elif len(parsed.label) > 80:
            problems.append(f"Line {number}: keep the label under 80 characters.")
        elif phone_problem(parsed.number):
            problems.append(f"Line {number}: the number is not a phone number.")
    return problems


def crisis_lines(text: str) -> list[CrisisLine]:
    """The stored crisis lines, skipping any that do not parse (the form refuses those)."""
    found = [_line(line) for line in text.splitlines() if line.strip()]
    return [line for line in found if line is not None][:MAX_CRISIS_LINES]
