"""Pending cases from justice imports, through accepted record links only.

When a participant is linked to a justice record (an arrest or a charge) by an accepted
link, the record's case becomes (or updates) a LegalCase: source "import", the record
kept, its charge added, status pending. The rules:
- only accepted links: a candidate waiting for review makes nothing;
- only recent events: an arrest or charge dated within the last 365 days is a pending
  case; older ones are history (the justice-records page shows them), not a case;
- one case per (jurisdiction, case number), however many records and runs name it;
- a record without a case number makes no case.

The import mappings give no case-number or statute column yet, so both are read from the
record's description text: "RCW 69.50.4013" for the statute and "case 25-1-01234-5"
(or "case no." / "case #") for the number; the jurisdiction is the record's source. An
unknown statute keeps its code ("Charge <code>"), never dropped.

records tells legal through its links_accepted signal (connected in LegalConfig.ready);
`cases_from_accepted_links` runs the same over the links accepted before (the demo calls
it; so can an operator after an import).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.legal.cases.actions import CASE_NUMBER, NewCase, do_add_charge, do_enter_case
from openlead.legal.charges import normal_code
from openlead.legal.models import CaseSource, LegalCase
from openlead.people.models import Person
from openlead.records.models import EventKind, JusticeRecord, LinkStatus, PersonRecordLink

RECENT = dt.timedelta(days=365)
CASE_KINDS = (EventKind.ARREST, EventKind.CHARGE)
STATUTE = re.compile(r"\bRCW\s+([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)+)", re.IGNORECASE)
NUMBER = re.compile(r"\bcase\s*(?:no\.?|number|#)?\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9-]*)", re.I)
SYSTEM_NAME = "openlead-legal-linkage"


@dataclass(frozen=True)
class CaseFacts:
    jurisdiction: str
    case_number: str
    statute: str  # "" when the record names none


def case_facts(record: JusticeRecord) -> CaseFacts | None:
    """The case a record names, or None (no case number, or not an arrest or charge)."""
    if record.kind not in CASE_KINDS:
        return None
    number = NUMBER.search(record.raw_text or "")
    # A number has a digit: "case dismissed" names no case.
    if number is None or not CASE_NUMBER.match(number.group(1)):
        return None
    if not any(ch.isdigit() for ch in number.group(1)):
        return None
    statute = STATUTE.search(record.raw_text or "")
    code = normal_code(statute.group(1)) if statute else ""
    return CaseFacts(record.source[:120], number.group(1).upper(), code)


def is_recent(record: JusticeRecord, today: dt.date) -> bool:
    return today - RECENT <= record.occurred_on <= today


def case_from_record(
    person: Person, record: JusticeRecord, *, acting: Actor, today: dt.date
) -> LegalCase | None:
    """Create or update the person's case for this record; None when it makes none."""
    facts = case_facts(record)
    if facts is None or not is_recent(record, today):
        return None
    with transaction.atomic():
        case = (
            LegalCase.objects.select_for_update()
            .filter(
                program_id=person.program_id,
                jurisdiction=facts.jurisdiction,
                case_number=facts.case_number,
            )
            .first()
        )
        if case is None:
            new = NewCase(facts.jurisdiction, facts.case_number, record.occurred_on)
            case = do_enter_case(
                person, new, acting=acting, source=CaseSource.IMPORT, justice_record=record
            )
        elif case.person_id != person.pk:
            return None  # the number is another person's case: a linkage question, not ours
        elif case.justice_record_id is None:
            case.justice_record = record
            case.save(update_fields=["justice_record", "updated_at"])
        if facts.statute and not case.charges.filter(code=facts.statute).exists():
            do_add_charge(case, facts.statute, _level(record), acting=acting)
    return case


def _level(record: JusticeRecord) -> str:
    """The record's own level where it gives one (records.Severity values are ours too)."""
    return record.severity if record.severity in ("felony", "misdemeanor") else ""


def cases_from_links(links: Iterable[PersonRecordLink], *, acting: Actor) -> int:
    """Cases made or updated from these links (accepted ones only); returns how many."""
    made = 0
    for link in links:
        if link.status != LinkStatus.ACCEPTED or link.person is None:
            continue
        zone = zoneinfo.ZoneInfo(link.person.program.time_zone)
        today = timezone.localdate(timezone.now(), zone)
        if case_from_record(link.person, link.record, acting=acting, today=today):
            made += 1
    return made


def _accepted(program_id: int | None = None) -> Any:
    links = PersonRecordLink.objects.filter(
        status=LinkStatus.ACCEPTED,
        person__isnull=False,
        record__kind__in=CASE_KINDS,
    ).select_related("person__program", "record")
    return links if program_id is None else links.filter(person__program_id=program_id)


def cases_from_accepted_links(program_id: int | None = None) -> int:
    """Run the rule over every accepted link already stored (idempotent)."""
    return cases_from_links(_accepted(program_id), acting=Actor.system(SYSTEM_NAME, program_id))


def on_links_accepted(sender: Any, pairs: list[tuple[int, int]], acting: Actor, **_: Any) -> None:
    """The links_accepted receiver: the newly accepted pairs, as the acceptor."""
    people = {person for person, _record in pairs}
    records = {record for _person, record in pairs}
    links = _accepted().filter(person_id__in=people, record_id__in=records)
    wanted = set(pairs)
    chosen = [lk for lk in links if (lk.person_id, lk.record_id) in wanted]
    cases_from_links(chosen, acting=acting)
