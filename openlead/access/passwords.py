"""Password validators: no password from a breach list, and none that is easy to guess.

Both run wherever Django validates a password (AUTH_PASSWORD_VALIDATORS): the users page,
and the self-service password change page (access.views.password_change).
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

BREACH_LIST = Path(__file__).resolve().parent / "data" / "breached-passwords-top-100000.txt.gz"
# zxcvbn's scale is 0-4; 3 means "safely unguessable: moderate protection from an offline
# slow-hash scenario" (about 10^8 guesses or more), the level its authors recommend.
MIN_SCORE = 3
# zxcvbn's work grows with length; the forms cap passwords at 128 characters anyway.
ZXCVBN_MAX_CHARS = 100


@cache
def breached_passwords() -> frozenset[str]:
    """The list, lower-cased; read once per process (about 10 MB in memory)."""
    with gzip.open(BREACH_LIST, "rt", encoding="utf-8", errors="replace") as handle:
        return frozenset(line.rstrip("\n").lower() for line in handle if line.strip())


class BreachedPasswordValidator:
    """Refuses any password in the 100,000 most common leaked ones, ignoring case."""

    def validate(self, password: str, user: Any = None) -> None:
        if password.strip().lower() in breached_passwords():
            raise ValidationError(
                "This password is in lists of passwords leaked from other sites. "
                "Choose one nobody else would use.",
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be one that has appeared in leaked password lists."


def _user_inputs(user: Any) -> list[str]:
    fields = ("username", "first_name", "last_name", "email")
    return [str(getattr(user, name, "") or "") for name in fields if getattr(user, name, "")]


class GuessabilityValidator:
    """Refuses a password zxcvbn scores below MIN_SCORE (names, dates, keyboard walks,
    "P@ssw0rd2024"-style substitutions and suffixes)."""

    def validate(self, password: str, user: Any = None) -> None:
        # zxcvbn raises ValueError past its own max_length (72 by default): a 500 on a
        # 10,000-character password before this passed the same cap it cuts to.
        result = zxcvbn(
            password[:ZXCVBN_MAX_CHARS],
            user_inputs=_user_inputs(user),
            max_length=ZXCVBN_MAX_CHARS,
        )
        if result["score"] < MIN_SCORE:
            warning = result["feedback"].get("warning") or ""
            raise ValidationError(
                "This password is too easy to guess. %(why)s"
                "A few unrelated words make a strong password that is easy to remember.",
                code="password_guessable",
                params={"why": f"{warning.rstrip('.')}. " if warning else ""},
            )

    def get_help_text(self) -> str:
        return "Your password must be hard to guess; a few unrelated words work well."
