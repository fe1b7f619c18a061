"""The prosecutor's decision on a new charge (openlead.legal.actions.cases): refusals first,
then file, decline and abeyance each move the case and write one sealed, audited row."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from openlead.access.models import AuditEvent
from openlead.legal.actions import Decision, check_decide_case
from openlead.legal.models import CaseStatus, LegalCase, LegalDecision
from tests.conftest import World
from tests.legal.helpers import acting_as, own_case

pytestmark = pytest.mark.django_db(databases="__all__")

WHY = "First contact; diversion fits better than filing."


def _case_on(world: World, key: str, number: str) -> LegalCase:
    person = world.people[key]
    return LegalCase.objects.create(
        program=person.program,
        person=person,
        jurisdiction="Test County District Court",
        case_number=number,
        prosecutor_office=world.orgs["prosecutor"],
        opened_on=own_case(world).opened_on,
    )


@pytest.mark.parametrize("username", ["alice", "bob", "dave", "frank", "gina"])
def test_it_refuses_a_case_decision_to_other_roles(world: World, username: str) -> None:
    case = own_case(world)
    with pytest.raises(PermissionDenied):
        check_decide_case(case, Decision("file", reason=WHY), acting=acting_as(world, username))
    case.refresh_from_db()
    assert case.status == CaseStatus.PENDING and not case.decisions.exists()


def test_it_refuses_a_case_out_of_scope(world: World) -> None:
    # "same" came through no enforcement door and signed no release: invisible to erin.
    hidden = _case_on(world, "same", "TC-SAME-1")
    with pytest.raises(Http404):
        check_decide_case(hidden, Decision("file", reason=WHY), acting=acting_as(world, "erin"))
    hidden.refresh_from_db()
    assert hidden.status == CaseStatus.PENDING


def test_it_refuses_extend_and_a_missing_reason_on_a_case(world: World) -> None:
    case, erin = own_case(world), acting_as(world, "erin")
    with pytest.raises(ValidationError) as refused:
        check_decide_case(case, Decision("extend", reason=WHY), acting=erin)
    assert refused.value.message_dict == {"decision": ["Choose file, decline or hold in abeyance."]}
    with pytest.raises(ValidationError, match="Give the reason"):
        check_decide_case(case, Decision("file"), acting=erin)
    assert not case.decisions.exists()


def test_it_refuses_a_second_decision_on_a_case(world: World) -> None:
    from openlead.referrals.actions import TransitionRefused

    case, erin = own_case(world), acting_as(world, "erin")
    check_decide_case(case, Decision("abeyance", reason=WHY), acting=erin)
    with pytest.raises(TransitionRefused, match="already decided"):
        check_decide_case(case, Decision("file", reason=WHY), acting=erin)
    assert case.decisions.count() == 1


@pytest.mark.parametrize(
    ("choice", "status"),
    [
        ("file", CaseStatus.FILED),
        ("decline", CaseStatus.DECLINED),
        ("abeyance", CaseStatus.ABEYANCE),
    ],
)
def test_it_records_each_case_decision(world: World, choice: str, status: str) -> None:
    case = own_case(world)
    before = AuditEvent.objects.count()
    check_decide_case(
        case,
        Decision(choice, reason=WHY, victim_consent="no_victim"),
        acting=acting_as(world, "erin"),
    )
    case.refresh_from_db()
    assert case.status == status
    row = LegalDecision.objects.get(case=case)
    assert (row.kind, row.victim_consent, row.referral) == (choice, "no_victim", None)
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert [(e.purpose, e.detail["status"]) for e in events] == [
        (f"prosecutor decision: {choice}", status)
    ]
