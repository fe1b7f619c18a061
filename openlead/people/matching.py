"""Candidate duplicates: the people of a program who may be the same person as a new one.

Exact identifiers (the identifier blind index), then the name and birth-date tokens that the
search uses (people.tokens), weighed by openlead.linkage.names. Nothing is decrypted to
compare: only the person being checked is opened, by `candidates_for`, which scopes the
comparison to what the actor may see and audits it as a search of kind "duplicate check".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from openlead.access import safety
from openlead.access.acting import Actor
from openlead.access.helpers import scoped_people, token_hits, wanted_tokens
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.projection import PersonRow, list_rows
from openlead.access.roles import FieldGroup, Scope
from openlead.linkage import names
from openlead.people import vault
from openlead.people.models import ExternalIdentifier, Person

CANDIDATE_LIMIT = 10
DUPLICATE_CHECK = "duplicate check"  # the audited query kind
ALIAS_SLOTS = 100  # the new person's alias parts are query slots 100, 101, ...
IDENTIFIER_WEIGHT = 10.0
EXACT = names.WEIGHTS[("part", "part")]
NEAR = names.WEIGHTS[("edit", "alias")]  # one typo away, also from an alias
SAME_DAY = names.WEIGHTS[("dob", "dob")]
# As they read in "same ...": never the raw code (an unknown system reads with spaces).
LABELS = {"state_id": "state ID", "booking_number": "booking number", "hmis": "HMIS id"}


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class CandidateRow:
    """What the page shows: the person's row (name, status) and why they may be the same."""

    row: PersonRow
    reasons: list[str]


def _verdict(
    slots: dict[int, tuple[float, str]],
    shape: tuple[int, int],
    systems: list[str],
    *,
    asked_birth: bool,
) -> list[str]:
    """Reasons in words, or [] when the match is too weak to show. `shape` is (name parts,
    words): "Fake-Vega" is one word but three parts (fake, vega, fakevega), so a name counts
    as matched when as many parts as it has words match."""
    parts, words = shape
    need = min(parts, max(words, 1))
    legal = [slots[s][0] for s in range(parts) if s in slots]
    exact, near = sum(w >= EXACT for w in legal), sum(w >= NEAR for w in legal)
    # At least half the parts too: "A-B-C-D" is one word, and sharing "a" is not its name.
    same_name = parts > 0 and exact >= need and 2 * exact >= parts
    similar = parts > 0 and sum(w >= names.OTHER_WEIGHT for w in legal) >= min(2, need)
    # Every word within a typo or a nickname: enough on its own when no birth date was given.
    close = need >= 2 and near >= need and 2 * near >= parts
    via_alias = any(slots[s][1] == "alias" for s in range(parts) if s in slots) or any(
        w >= NEAR for s, (w, _) in slots.items() if s >= ALIAS_SLOTS
    )
    birth = slots.get(names.BIRTH_SLOT, (0.0, ""))[0]
    reasons = [
        f"same {LABELS.get(system, system.replace('_', ' '))}" for system in sorted(set(systems))
    ]
    if birth >= SAME_DAY and same_name:
        reasons.append("same name and date of birth")
    elif birth >= SAME_DAY and (similar or via_alias):
        reasons.append("same date of birth and similar name")
    elif same_name and birth > 0:
        reasons.append("same name, born the same year")
    elif same_name and not asked_birth:
        reasons.append("same name")
    elif close and not asked_birth:
        reasons.append("similar name")
    if via_alias and reasons:
        reasons.append("a name matches an alias")
    return reasons


def find_candidates(
    program_id: int,
    *,
    legal_name: str,
    date_of_birth: str,
    aliases: str,
    identifiers: dict[str, str],
    exclude_id: int | None = None,
    within: QuerySet[Person] | None = None,
) -> list[Candidate]:
    """People of the program (or of `within`) who may be this person, best first."""
    people = within if within is not None else Person.objects.filter(program_id=program_id)
    if exclude_id is not None:
        people = people.exclude(pk=exclude_id)
    shape = (len(names.name_parts(legal_name)), len(legal_name.split()))
    keys = names.query_keys(legal_name) + names.birth_date_query(date_of_birth)
    alias_keys = names.query_keys(" ".join(names.split_aliases(aliases)))
    keys += [names.QueryKey(k.slot + ALIAS_SLOTS, k.kind, k.domain, k.value) for k in alias_keys]
    best = token_hits(people, wanted_tokens(program_id, keys))
    indexes = [vault.identifier_index(s, v) for s, v in identifiers.items() if v.strip()]
    systems: dict[int, list[str]] = {}
    rows = ExternalIdentifier.objects.filter(blind_index__in=indexes, person__in=people)
    for person_id, system in rows.values_list("person_id", "system"):
        systems.setdefault(person_id, []).append(system)
    scored: list[tuple[float, int, list[str]]] = []
    for pk in set(best) | set(systems):
        slots = best.get(pk, {})
        reasons = _verdict(
            slots, shape, systems.get(pk, []), asked_birth=bool(date_of_birth.strip())
        )
        if reasons:
            score = IDENTIFIER_WEIGHT * len(set(systems.get(pk, []))) + names.slot_total(slots)
            scored.append((score, pk, reasons))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    top = scored[:CANDIDATE_LIMIT]
    chosen = people.filter(pk__in=[pk for _, pk, _ in top]).select_related("case_manager")
    found = chosen.in_bulk()
    return [Candidate(found[pk], score, reasons) for score, pk, reasons in top]


def may_check(actor: Actor) -> bool:
    """The care team: may search, and reads identity without a release."""
    rule = actor.rule
    return (
        actor.can(Capability.SEARCH_PEOPLE)
        and rule.scope != Scope.NONE
        and FieldGroup.IDENTITY in rule.read
        and FieldGroup.IDENTITY not in rule.roi_required
    )


def candidates_for(actor: Actor, person: Person, *, purpose: str) -> list[CandidateRow]:
    """Possible duplicates of `person` among the people the actor may see, audited; nothing
    (and no event) for roles outside the care team."""
    if not may_check(actor):
        return []
    dek = vault.data_key(person.public_id)
    identifiers = {
        i.system: vault.open_identifier(i, dek) for i in person.identifiers.all().order_by("pk")
    }
    found = find_candidates(
        person.program_id,
        legal_name=vault.get_person_field(person, dek, "legal_name"),
        date_of_birth=vault.get_person_field(person, dek, "date_of_birth"),
        aliases=vault.get_person_field(person, dek, "aliases"),
        identifiers=identifiers,
        exclude_id=person.pk,
        # A flagged person is a candidate only to their care team (access.safety); other
        # programs never see them at all (name tokens are keyed per program).
        within=scoped_people(actor).exclude(pk__in=safety.hidden_people(actor)),
    )
    with transaction.atomic():
        actor.audit(
            action=AuditAction.SEARCH,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=[FieldGroup.ENROLLMENT_STATUS, FieldGroup.IDENTITY],
            purpose=purpose,
            detail={"people": [c.person.public_id for c in found], "query": DUPLICATE_CHECK},
        )
        rows = list_rows([c.person for c in found], show_names=True)
    return [CandidateRow(row, c.reasons) for row, c in zip(rows, found, strict=True)]
