"""The kinds of rule a protocol can state, and what each concludes from the facts.

Each rule checks one clause and returns findings. A finding either qualifies the person
(the clause that makes them eligible), clears an exclusion, excludes, or says which fact
is missing. The engine combines the findings; the rules never see each other.
"""

from __future__ import annotations

import calendar
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from openlead.eligibility.facts import Activity, Conviction, Facts
from openlead.eligibility.vocabulary import (
    ACTIVITY_SOURCES,
    DOORS,
    DRUG_FORMS,
    split_attempt,
)


@dataclass(frozen=True)
class Clause:
    """A numbered clause of a protocol; its text is quoted in every reason that cites it."""

    id: str
    text: str


class Effect(StrEnum):
    QUALIFIES = "qualifies"
    CLEAR = "clear"
    EXCLUDES = "excludes"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Finding:
    """What one clause concluded; `facts` names the facts it read (or misses)."""

    clause: str
    clause_text: str
    effect: Effect
    detail: str
    facts: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.clause}: {self.detail}"


@dataclass(frozen=True)
class Vocabulary:
    """Codes a protocol understands: the shared ones plus its own additions, with labels."""

    conduct: Mapping[str, str]
    offenses: Mapping[str, str]


@dataclass(frozen=True)
class Condition:
    """A fact is only asked for when another fact has one of these values."""

    fact: str
    any_of: tuple[str | bool, ...]

    def __str__(self) -> str:
        values = " or ".join(str(v).lower() if isinstance(v, bool) else v for v in self.any_of)
        verb = "includes" if self.fact == "conduct" else "is"
        return f"when {self.fact} {verb} {values}"


@dataclass(frozen=True)
class FactSpec:
    """One question for the referral form: which fact, its type, and the clauses needing it."""

    name: str
    type: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    clauses: tuple[str, ...] = ()
    only_when: Condition | None = None


# name -> (type, label in plain words). Types: boolean, number, integer, text, choice,
# choices (several), convictions and activities (lists of small records).
FACT_QUESTIONS: dict[str, tuple[str, str]] = {
    "conduct": ("choices", "What conduct is the referral about?"),
    "drug_grams": ("number", "How many grams of the drug were involved?"),
    "drug_form": ("choice", "What form was the drug in?"),
    "sale_for_profit": ("boolean", "Was the sale for profit, rather than to get by?"),
    "exploits_minors": ("boolean", "Does the person exploit minors or others in the activity?"),
    "promotes_prostitution": ("boolean", "Does the person promote sex work by others?"),
    "amenable": ("boolean", "Does the person appear amenable to diversion (willing to take part)?"),
    "amenability_reason": ("text", "Why does the person not appear amenable to diversion?"),
    "age": ("integer", "How old is the person (years)?"),
    "convictions": ("convictions", "Past convictions: offense and date"),
    "pending_specialty_court": (
        "boolean",
        "Does the person have a pending drug-court or mental-health-court case?",
    ),
    "no_contact_order_with_participant": (
        "boolean",
        "Does a no-contact or anti-harassment order bar contact with a current participant?",
    ),
    "verified_activity": (
        "activities",
        "Earlier eligible activity: who verified it, when, and was it in the program area?",
    ),
    "capacity_available": ("boolean", "Does the program have room for this referral now?"),
}


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier (Feb 29 falls back to Feb 28)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Rule(ABC):
    clause: Clause
    doors: frozenset[str]

    @abstractmethod
    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        """Findings for these facts; an empty list when the rule does not apply."""

    @abstractmethod
    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        """The facts this rule reads, as questions for a form."""

    def finding(self, effect: Effect, detail: str, *facts: str) -> Finding:
        return Finding(self.clause.id, self.clause.text, effect, detail, facts)

    def spec(
        self,
        name: str,
        choices: tuple[tuple[str, str], ...] = (),
        only_when: Condition | None = None,
    ) -> FactSpec:
        kind, label = FACT_QUESTIONS[name]
        return FactSpec(name, kind, label, choices, (self.clause.id,), only_when)


def _labels(codes: tuple[str, ...], names: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((code, names.get(code, code)) for code in codes)


@dataclass(frozen=True)
class DoorConduct(Rule):
    """The door is offered, and the referral's conduct is eligible at it."""

    door: str = ""
    conduct: tuple[str, ...] = ()

    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        door = DOORS[self.door].lower()
        if facts.conduct is None:
            return [self.finding(Effect.UNKNOWN, "the conduct is not recorded", "conduct")]
        if not facts.conduct:
            return [self.finding(Effect.EXCLUDES, "no eligible conduct is recorded", "conduct")]
        findings = []
        for code in facts.conduct:
            if code not in vocab.conduct:
                detail = f"conduct '{code}' is not in this protocol's vocabulary"
                findings.append(self.finding(Effect.UNKNOWN, detail, "conduct"))
            elif code not in self.conduct:
                detail = f"{code.replace('_', ' ')} is not eligible conduct for {door}"
                findings.append(self.finding(Effect.EXCLUDES, detail, "conduct"))
        if findings:
            return findings
        named = " and ".join(code.replace("_", " ") for code in facts.conduct)
        return [self.finding(Effect.QUALIFIES, f"{named}: eligible conduct for {door}", "conduct")]

    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        return [self.spec("conduct", choices=_labels(self.conduct, vocab.conduct))]


@dataclass(frozen=True)
class DrugQuantity(Rule):
    max_grams: float = 0.0
    exempt_forms: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = ()
    # False: eligible only under the limit, so exactly max_grams excludes (Seattle's
    # "less than 3 grams"); True: up to and including it (Santa Fe's "exceeds 6 grams").
    limit_included: bool = True

    def _within(self, grams: float) -> bool:
        return grams < self.max_grams or (self.limit_included and grams == self.max_grams)

    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        conduct_known = facts.conduct is not None
        if conduct_known and not set(facts.conduct or ()) & set(self.applies_to):
            return []
        form, grams, limit = facts.drug_form, facts.drug_grams, f"{self.max_grams:g} g"
        if form is not None and form in self.exempt_forms:
            detail = f"{DRUG_FORMS[form].lower()} are exempt from the {limit} limit"
            return [self.finding(Effect.CLEAR, detail, "drug_form")]
        if grams is None:
            if not conduct_known:
                return []
            return [self.finding(Effect.UNKNOWN, "the amount is not recorded", "drug_grams")]
        if self._within(grams):
            within = "within" if self.limit_included else "under"
            return [self.finding(Effect.CLEAR, f"{grams:g} g is {within} the {limit} limit")]
        over = "over" if self.limit_included else "not under"
        if self.exempt_forms and form is None:
            exempt = ", ".join(self.exempt_forms)
            detail = f"{grams:g} g is {over} the {limit} limit unless the form is exempt ({exempt}); the form is not recorded"
            return [self.finding(Effect.UNKNOWN, detail, "drug_form")]
        return [
            self.finding(Effect.EXCLUDES, f"{grams:g} g is {over} the {limit} limit", "drug_grams")
        ]

    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        when = Condition("conduct", self.applies_to)
        specs = [self.spec("drug_grams", only_when=when)]
        if self.exempt_forms:
            specs.append(
                self.spec(
                    "drug_form", choices=_labels(tuple(DRUG_FORMS), DRUG_FORMS), only_when=when
                )
            )
        return specs


# fact -> (detail when true, detail when false, detail when unknown)
FLAG_DETAILS: dict[str, tuple[str, str, str]] = {
    "sale_for_profit": (
        "the sale was for profit, not subsistence",
        "the sale was for subsistence",
        "whether the sale was for profit is not recorded",
    ),
    "exploits_minors": (
        "the person exploits minors or others in the activity",
        "no exploitation of minors or others is recorded",
        "whether the person exploits minors or others is not recorded",
    ),
    "promotes_prostitution": (
        "the person promotes the prostitution of others",
        "the person does not promote the prostitution of others",
        "whether the person promotes the prostitution of others is not recorded",
    ),
    "pending_specialty_court": (
        "the person has a pending drug-court or mental-health-court case",
        "no pending drug-court or mental-health-court case",
        "whether a drug-court or mental-health-court case is pending is not recorded",
    ),
    "no_contact_order_with_participant": (
        "an order bars the person from contacting a current participant",
        "no order bars contact with a current participant",
        "whether an order bars contact with a current participant is not recorded",
    ),
}


@dataclass(frozen=True)
class Flag(Rule):
    """Excludes when a yes/no fact is true; `only_for` limits it to some conduct."""

    fact: str = ""
    only_for: tuple[str, ...] = ()

    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        conduct = facts.conduct
        if self.only_for and conduct is not None and not set(conduct) & set(self.only_for):
            return []
        value: bool | None = getattr(facts, self.fact)
        yes, no, missing = FLAG_DETAILS[self.fact]
        if value is None:
            # With the conduct unknown, a conduct-specific question may not apply at all;
            # the missing conduct is already a reason for review.
            if self.only_for and conduct is None:
                return []
            return [self.finding(Effect.UNKNOWN, missing, self.fact)]
        if value:
            return [self.finding(Effect.EXCLUDES, yes, self.fact)]
        return [self.finding(Effect.CLEAR, no, self.fact)]

    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        when = Condition("conduct", self.only_for) if self.only_for else None
        return [self.spec(self.fact, only_when=when)]


@dataclass(frozen=True)
class Amenability(Rule):
    """The officer's judgement; a "no" counts only with a recorded reason."""

    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        if facts.amenable is None:
            detail = "whether the person appears amenable to diversion is not recorded"
            return [self.finding(Effect.UNKNOWN, detail, "amenable")]
        if facts.amenable:
            return [
                self.finding(Effect.CLEAR, "the person appears amenable to diversion", "amenable")
            ]
        if facts.amenability_reason is None:
            detail = "recorded as not amenable to diversion, but without the required reason"
            return [self.finding(Effect.UNKNOWN, detail, "amenability_reason")]
        detail = f"the person does not appear amenable to diversion: {facts.amenability_reason}"
        return [self.finding(Effect.EXCLUDES, detail, "amenable", "amenability_reason")]

    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        when = Condition("amenable", (False,))
        return [self.spec("amenable"), self.spec("amenability_reason", only_when=when)]


@dataclass(frozen=True)
class MinimumAge(Rule):
    min_age: int = 0

    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        if facts.age is None:
            return [self.finding(Effect.UNKNOWN, "the person's age is not recorded", "age")]
        if facts.age < self.min_age:
            detail = f"age {facts.age} is under the minimum age of {self.min_age}"
            return [self.finding(Effect.EXCLUDES, detail, "age")]
        return [self.finding(Effect.CLEAR, f"age {facts.age} meets the minimum of {self.min_age}")]

    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        return [self.spec("age")]


@dataclass(frozen=True)
class OffenseList:
    """Offenses that disqualify, for ever or within `look_back_years` of the as-of date."""

    clause: Clause
    offenses: frozenset[str]
    include_attempts: bool = False
    look_back_years: int | None = None

    def matches(self, code: str) -> bool:
        attempt, base = split_attempt(code)
        return code in self.offenses or (
            attempt and self.include_attempts and base in self.offenses
        )

    def check(self, conviction: Conviction, as_of: date | None, name: str = "") -> Finding | None:
        if not self.matches(conviction.offense):
            return None
        what = f"conviction for {name or conviction.offense}"
        if self.look_back_years is None:
            return self._finding(Effect.EXCLUDES, f"{what} disqualifies with no time limit")
        window = f"the {self.look_back_years}-year look-back"
        if conviction.date is None:
            return self._finding(
                Effect.UNKNOWN, f"{what} has no date, needed for {window}", "convictions"
            )
        if as_of is None:
            return self._finding(Effect.UNKNOWN, f"the as-of date is needed for {window}", "as_of")
        if conviction.date > as_of:
            detail = f"{what} is dated {conviction.date}, after the as-of date {as_of}"
            return self._finding(Effect.UNKNOWN, detail, "convictions")
        start = months_before(as_of, 12 * self.look_back_years)
        if conviction.date >= start:
            return self._finding(
                Effect.EXCLUDES, f"{what} on {conviction.date} is within {window} (since {start})"
            )
        return self._finding(
            Effect.CLEAR, f"{what} on {conviction.date} is before {window} (since {start})"
        )

    def _finding(self, effect: Effect, detail: str, *facts: str) -> Finding:
        return Finding(self.clause.id, self.clause.text, effect, detail, facts or ("convictions",))


def _offense_name(code: str, vocab: Vocabulary) -> str:
    """The offense in words for a reason ("attempted robbery in the first degree")."""
    attempt, base = split_attempt(code)
    label = vocab.offenses.get(base, base)
    label = label[:1].lower() + label[1:]
    return f"attempted {label}" if attempt else label


@dataclass(frozen=True)
class CriminalHistory(Rule):
    lists: tuple[OffenseList, ...] = ()

    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        if facts.convictions is None:
            detail = "the criminal history is not recorded"
            return [self.finding(Effect.UNKNOWN, detail, "convictions")]
        findings: list[Finding] = []
        for conviction in facts.convictions:
            _, base = split_attempt(conviction.offense)
            if base not in vocab.offenses:
                detail = f"offense code '{conviction.offense}' is not known to this protocol"
                findings.append(self.finding(Effect.UNKNOWN, detail, "convictions"))
                continue
            name = _offense_name(conviction.offense, vocab)
            for offense_list in self.lists:
                found = offense_list.check(conviction, facts.as_of, name)
                if found is not None:
                    findings.append(found)
        if all(f.effect is Effect.CLEAR for f in findings):
            count = len(facts.convictions)
            detail = f"no disqualifying conviction among {count} recorded"
            findings.append(self.finding(Effect.CLEAR, detail, "convictions"))
        return findings

    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        clauses = (self.clause.id, *(item.clause.id for item in self.lists))
        choices = tuple(vocab.offenses.items())
        spec = self.spec("convictions", choices=choices)
        return [FactSpec(spec.name, spec.type, spec.label, spec.choices, clauses)]


@dataclass(frozen=True)
class VerifiedActivity(Rule):
    """Social contact: earlier eligible activity, verified, in the area, recent enough."""

    accepted_sources: tuple[str, ...] = ()
    in_area: bool = True
    within_months: int = 0

    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        if facts.verified_activity is None:
            detail = "earlier eligible activity is not recorded"
            return [self.finding(Effect.UNKNOWN, detail, "verified_activity")]
        verdicts = [self._verdict(activity, facts.as_of) for activity in facts.verified_activity]
        for activity, verdict in zip(facts.verified_activity, verdicts, strict=True):
            if verdict is True:
                source = ACTIVITY_SOURCES[activity.source].lower()
                detail = f"activity on {activity.date} verified by {source}, within {self.within_months} months"
                return [self.finding(Effect.QUALIFIES, detail, "verified_activity")]
        if None in verdicts:
            detail = (
                "verified activity lacks a date, the area, or the as-of date needed to check it"
            )
            return [self.finding(Effect.UNKNOWN, detail, "verified_activity")]
        names = [ACTIVITY_SOURCES[source].lower() for source in self.accepted_sources]
        sources = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        area = ", in the program area," if self.in_area else ""
        detail = (
            f"no activity verified by {sources}{area} within the last {self.within_months} months"
        )
        return [self.finding(Effect.EXCLUDES, detail, "verified_activity")]

    def _verdict(self, activity: Activity, as_of: date | None) -> bool | None:
        """True if it counts, False if it cannot, None if facts are missing."""
        if activity.source not in self.accepted_sources:
            return False
        if self.in_area and activity.in_area is False:
            return False
        if activity.date is not None and as_of is not None and activity.date <= as_of:
            if activity.date < months_before(as_of, self.within_months):
                return False
            return True if activity.in_area or not self.in_area else None
        return None

    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        choices = _labels(self.accepted_sources, ACTIVITY_SOURCES)
        return [self.spec("verified_activity", choices=choices)]


@dataclass(frozen=True)
class Capacity(Rule):
    def check(self, facts: Facts, vocab: Vocabulary) -> list[Finding]:
        if facts.capacity_available is None:
            detail = "whether the program has capacity is not recorded"
            return [self.finding(Effect.UNKNOWN, detail, "capacity_available")]
        if facts.capacity_available:
            return [
                self.finding(Effect.QUALIFIES, "the program has capacity", "capacity_available")
            ]
        detail = "the program has no capacity left for this door"
        return [self.finding(Effect.EXCLUDES, detail, "capacity_available")]

    def needs(self, vocab: Vocabulary) -> list[FactSpec]:
        return [self.spec("capacity_available")]
