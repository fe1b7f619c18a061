"""A loaded protocol: one program's eligibility rules, as data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openlead.eligibility.clock import intake_deadline
from openlead.eligibility.rules import Clause, DoorConduct, Rule, Vocabulary


@dataclass(frozen=True)
class Intake:
    """The intake window and what happens to the arrest when it lapses."""

    clause: Clause
    window_days: int
    on_lapse: str
    doors: frozenset[str]
    # The longest one extension of the window may run, in days from today (0: as long as
    # the window itself). The prosecutor's Extend refuses a later day (openlead.legal).
    extension_days: int = 0
    # "lapsed": the prosecutor sees an arrest when its window lapses; "every_arrest": the
    # prosecutor reviews every arrest referral at screening (Santa Fe).
    prosecutor_review: str = "lapsed"


@dataclass(frozen=True, eq=False)
class Protocol:
    id: str
    name: str
    version: str
    effective: date
    timezone: str
    sources: tuple[str, ...]
    to_confirm: tuple[str, ...]
    doors_clause: Clause
    doors: dict[str, DoorConduct]
    rules: tuple[Rule, ...]
    intake: Intake
    vocabulary: Vocabulary
    path: Path | None = None
    # The justice roles that see a participant only under a release naming them
    # (Program.release_required_for is set from this; openlead.access.justice_scope).
    release_required_for: tuple[str, ...] = ()

    def rules_for(self, door: str | None) -> list[Rule]:
        """Rules that apply at this door; for an unknown or unoffered door, those at every door."""
        if door in self.doors:
            return [self.doors[door], *(rule for rule in self.rules if door in rule.doors)]
        offered = set(self.doors)
        return [rule for rule in self.rules if offered <= rule.doors]

    def intake_deadline(self, referred_at: datetime) -> datetime:
        """When intake is due for a referral made at `referred_at` (aware), in UTC."""
        return intake_deadline(referred_at, self.timezone, self.intake.window_days)

    @property
    def extension_limit_days(self) -> int:
        return self.intake.extension_days or self.intake.window_days

    def __repr__(self) -> str:
        return f"<Protocol {self.id} {self.version}>"
