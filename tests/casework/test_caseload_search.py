"""My caseload: search by name or nickname, filters, sorts and release badges (issue 11, part 6)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.casework import actions, queries
from openlead.casework.models import InactiveReason
from openlead.casework.queries import CaseloadFilters
from openlead.people.actions import NewPerson, do_create_person, do_record_consent
from openlead.people.models import Person
from tests.casework.conftest import Casework, street_contact
from tests.conftest import program_today

pytestmark = pytest.mark.django_db(databases="__all__")
URL = "/casework/"


def _person(
    cw: Casework,
    name: str,
    *,
    aliases: str = "",
    manager: str = "alice",
    state: str = "active",
    referred_days_ago: int = 1,
    program: str = "demo",
) -> Person:
    """A fake participant on `manager`'s caseload: enrolled (active or inactive) or referred."""
    person = do_create_person(
        NewPerson(
            program_id=cw.world.programs[program].pk,
            legal_name=name,
            aliases=aliases,
            status="referred",
            case_manager_id=cw.world.users[manager].pk,
            referred_at=timezone.now() - dt.timedelta(days=referred_days_ago),
        ),
        acting=Actor.system("test"),
    )
    if state != "referred":
        enrollment = actions.do_enroll(
            person,
            case_manager=cw.world.users[manager],
            acting=cw.acting,
            started_on=dt.date.today() - dt.timedelta(days=90),
        )
        if state == "inactive":
            reason = InactiveReason.objects.filter(program=person.program).first()
            assert reason is not None
            actions.do_mark_inactive(enrollment, reason=reason, acting=cw.acting)
    person.refresh_from_db()
    return person


def _today(cw: Casework) -> dt.date:
    return program_today(cw.world.programs["demo"])


def _release(cw: Casework, person: Person, days: int) -> Any:
    return do_record_consent(
        person,
        acting=Actor.system("test"),
        field_groups=["enrollment_status"],
        starts_on=_today(cw) - dt.timedelta(days=100),
        expires_on=_today(cw) + dt.timedelta(days=days),
        role="police_officer",
    )


def _rows(cw: Casework, **filters: Any) -> list[Any]:
    """The first page, read as the view reads it: in the program's time zone."""
    with timezone.override(zoneinfo.ZoneInfo(cw.world.programs["demo"].time_zone)):
        page = queries.caseload_page(
            cw.world.programs["demo"].pk,
            cw.world.users["alice"],
            show_names=True,
            filters=CaseloadFilters(**filters),
        )
    return page.rows


def _names(cw: Casework, **filters: Any) -> list[str]:
    return [r.name for r in _rows(cw, **filters)]


def _shown(html: str) -> list[str]:
    return re.findall(r'class="cl-name" href="[^"]+">([^<]+)</a>', html)


def _last() -> AuditEvent:
    event = AuditEvent.objects.filter(purpose="my caseload").order_by("-seq").first()
    assert event is not None
    return event


# ---- refusals first ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["dave", "erin", "frank", "gina", "hank", "otto", "una", "cora"]
)
def test_it_refuses_a_search_to_roles_without_a_caseload(
    cw: Casework, client: Any, username: str
) -> None:
    client.force_login(cw.world.users[username])
    assert client.post(URL, {"q": "mar"}).status_code == 403
    assert client.get(URL, {"status": "active", "sort": "name"}).status_code == 403
    event = AuditEvent.objects.filter(actor_username=username).order_by("-seq").first()
    assert event is not None and event.outcome == "denied"


def test_it_sends_a_signed_out_search_to_the_login_page(cw: Casework, client: Any) -> None:
    response = client.post(URL, {"q": "mar"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_never_finds_another_programs_or_another_managers_people(
    cw: Casework, client: Any
) -> None:
    _person(cw, "Maria Own")
    _person(cw, "Maria Ivans", manager="ivan")
    _person(cw, "Maria Elsewhere", manager="carol", program="other")
    client.force_login(cw.world.users["alice"])
    page = client.post(URL, {"q": "maria"}).content.decode()
    assert _shown(page) == ["Maria Own"]
    assert "Ivans" not in page and "Elsewhere" not in page
    client.force_login(cw.world.users["carol"])
    assert _shown(client.post(URL, {"q": "maria"}).content.decode()) == ["Maria Elsewhere"]


@pytest.mark.parametrize(
    "params",
    [
        {"no_contact": "999", "status": "<script>", "sort": "x" * 300, "page": "-1"},
        {"no_contact": "abc", "due": "maybe", "page": "99999999999999999999"},
        {"sort": "name'; drop table people_person; --"},
    ],
)
def test_it_answers_bad_filters_with_the_field_error_not_a_500(
    cw: Casework, client: Any, params: dict[str, str]
) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.get(URL, params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page and "<script>" not in page
    assert cw.world.people["own"].public_id in page  # still the caseload, unfiltered


def test_it_refuses_an_over_long_or_empty_of_letters_name(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    assert client.post(URL, {"q": "m" * 61}).status_code == 400
    response = client.post(URL, {"q": "<>!!"})
    assert response.status_code == 400 and "Type part of a name" in response.content.decode()


# ---- search ------------------------------------------------------------------------------


def test_it_finds_people_by_part_of_a_name_or_a_nickname(cw: Casework, client: Any) -> None:
    _person(cw, "Maria García-López")
    _person(cw, "Joseph Martin", aliases="Joey, Marty")
    _person(cw, "Ann Lamar")
    client.force_login(cw.world.users["alice"])
    assert sorted(_shown(client.post(URL, {"q": "mar"}).content.decode())) == [
        "Joseph Martin",
        "Maria García-López",
    ]  # a word that starts with "mar"; Lamar does not
    assert _shown(client.post(URL, {"q": "lopez"}).content.decode()) == ["Maria García-López"]
    assert _shown(client.post(URL, {"q": "  JOEY "}).content.decode()) == ["Joseph Martin"]
    assert _shown(client.post(URL, {"q": "mar gar"}).content.decode()) == ["Maria García-López"]
    page = client.post(URL, {"q": "zzz"}).content.decode()
    assert _shown(page) == [] and "No one in your caseload matches" in page


def test_it_keeps_the_name_out_of_the_url_and_the_audit(cw: Casework, client: Any) -> None:
    maria = _person(cw, "Maria Search")
    client.force_login(cw.world.users["alice"])
    response = client.post(URL, {"q": "Maria", "status": "active", "sort": "name"})
    page = response.content.decode()
    assert response.status_code == 200 and _shown(page) == ["Maria Search"]
    assert "?page=" not in page and "q=" not in page  # search pages re-post the form
    event = _last()
    assert event.action == "search" and event.detail["query"] == "name"
    assert event.detail["people"] == [maria.public_id]
    assert "Maria" not in str(event.detail)
    assert event.detail["filters"]["status"] == "active" and event.detail["sort"] == "name"
    # A name in the query string is ignored, never searched for.
    page = client.get(URL, {"q": "Maria"}).content.decode()
    assert len(_shown(page)) == 2 and _last().action == "list"


def test_it_redirects_a_post_without_a_name_to_the_filters_in_the_url(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.post(URL, {"q": "", "no_contact": "14", "due": "on", "sort": "name"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?no_contact=14&due=on&sort=name"
    assert client.post(URL, {})["Location"] == URL


# ---- filters -----------------------------------------------------------------------------


def test_it_filters_people_not_contacted_in_7_14_or_30_days(cw: Casework) -> None:
    for name, days in [("Six Days", 6), ("Seven Days", 7), ("Twenty Days", 20), ("Forty", 40)]:
        street_contact(cw, _person(cw, name), days)
    never = _person(cw, "Never Seen")
    assert never is not None
    quiet_7 = set(_names(cw, no_contact_days=7))
    assert {"Seven Days", "Twenty Days", "Forty", "Never Seen"} <= quiet_7
    assert "Six Days" not in quiet_7
    assert {"Twenty Days", "Forty", "Never Seen"} <= set(_names(cw, no_contact_days=14))
    assert "Seven Days" not in _names(cw, no_contact_days=14)
    assert {"Forty", "Never Seen"} <= set(_names(cw, no_contact_days=30))
    assert "Twenty Days" not in _names(cw, no_contact_days=30)


def test_it_filters_by_status(cw: Casework) -> None:
    _person(cw, "Ada Active")
    _person(cw, "Ines Inactive", state="inactive")
    _person(cw, "Rita Referred", state="referred")
    assert _names(cw, status="inactive") == ["Ines Inactive"]
    assert _names(cw, status="referred") == ["Rita Referred"]
    assert "Ada Active" in _names(cw, status="active")
    assert {"Ines Inactive", "Rita Referred"}.isdisjoint(_names(cw, status="active"))


def test_it_filters_people_whose_monthly_status_is_due(cw: Casework) -> None:
    due_person, done_person = _person(cw, "Due Person"), _person(cw, "Done Person")
    _person(cw, "Waiting Referral", state="referred")  # not enrolled: nothing is due
    month = queries.latest_due_month(_today(cw), 10)
    actions.do_record_snapshot(
        done_person,
        month=month,
        acting=cw.acting,
        values={
            "living_situation": 116,
            "employment_stage": "none",
            "income_any": 0,
            "income_sources": [],
            "insurance_any": 1,
            "insurance_sources": ["medicaid"],
        },
    )
    due = _names(cw, status_due=True)
    assert "Due Person" in due and "Done Person" not in due and "Waiting Referral" not in due
    assert due_person is not None


def test_it_filters_and_badges_releases_ending_within_30_days(cw: Casework, client: Any) -> None:
    for name, days in [("Six", 6), ("Seven", 7), ("Fourteen", 14), ("Thirty", 30), ("Later", 31)]:
        _release(cw, _person(cw, f"Release {name}"), days)
    revoked = _release(cw, _person(cw, "Release Revoked"), 5)
    from openlead.people.actions import do_revoke_consent

    do_revoke_consent(revoked, acting=Actor.system("test"))
    expired = _person(cw, "Release Expired")
    _release(cw, expired, -1)
    ending = _names(cw, consent_expiring=True, sort="name")
    assert ending == ["Release Fourteen", "Release Seven", "Release Six", "Release Thirty"]
    rows = {r.name: (r.release_days, r.release_level) for r in _rows(cw)}
    assert rows["Release Six"] == (6, 7) and rows["Release Seven"] == (7, 7)
    assert rows["Release Fourteen"] == (14, 14) and rows["Release Thirty"] == (30, 30)
    assert (
        rows["Release Later"] == rows["Release Revoked"] == rows["Release Expired"] == (None, None)
    )
    client.force_login(cw.world.users["alice"])
    page = client.get(URL, {"consent": "on"}).content.decode()
    assert 'class="flag flag-7">Release ends in 6 days' in page
    assert 'class="flag flag-14">Release ends in 14 days' in page
    assert 'class="flag flag-30">Release ends in 30 days' in page
    assert "Showing 4 of" in page


# ---- sorts -------------------------------------------------------------------------------


def test_it_sorts_by_last_contact_oldest_first_by_default(cw: Casework) -> None:
    for name, days in [("Recent", 1), ("Old", 20), ("Middle", 8)]:
        street_contact(cw, _person(cw, name), days)
    _person(cw, "Never")
    names = [n for n in _names(cw) if n in {"Recent", "Old", "Middle", "Never"}]
    assert names == ["Never", "Old", "Middle", "Recent"]  # never contacted comes first


def test_it_sorts_by_name_next_appointment_and_referral_date(cw: Casework) -> None:
    zoe = _person(cw, "Zoe Adams", referred_days_ago=30)
    bea = _person(cw, "Bea Young", referred_days_ago=2)
    cal = _person(cw, "cal Brown", referred_days_ago=10)
    for person, days in [(zoe, 5), (bea, 1)]:
        actions.do_add_appointment(
            person,
            acting=cw.acting,
            kind="court",
            provider=None,
            starts_at=timezone.now() + dt.timedelta(days=days),
            note="",
        )
    ours = {"Zoe Adams", "Bea Young", "cal Brown"}
    assert [n for n in _names(cw, sort="name") if n in ours] == [
        "Bea Young",
        "cal Brown",
        "Zoe Adams",
    ]  # case-blind
    assert [n for n in _names(cw, sort="next_appointment") if n in ours] == [
        "Bea Young",
        "Zoe Adams",
        "cal Brown",
    ]  # nobody booked last
    assert [n for n in _names(cw, sort="referral") if n in ours] == [
        "Bea Young",
        "cal Brown",
        "Zoe Adams",
    ]  # newest first
    assert cal is not None


def test_it_counts_the_filtered_rows_against_the_whole_caseload(cw: Casework, client: Any) -> None:
    _person(cw, "Rita Referred", state="referred")
    _person(cw, "Ada Active")
    client.force_login(cw.world.users["alice"])
    page = client.get(URL, {"status": "referred"}).content.decode()
    assert "My caseload (3)" in page and "Showing 1 of 3" in page and "referred" in page
    assert "Showing all 3" in client.get(URL).content.decode()


def test_it_neither_searches_nor_sorts_names_for_a_reader_without_identity(
    cw: Casework,
) -> None:
    from openlead.casework.caseload_forms import CaseloadForm

    form = CaseloadForm({"q": "maria", "sort": "name"}, names=False)
    assert "q" not in form.fields and not form.is_valid()  # "name" is not a choice
    _person(cw, "Maria Hidden")
    page = queries.caseload_page(
        cw.world.programs["demo"].pk,
        cw.world.users["alice"],
        filters=CaseloadFilters(name="zzz", sort="name"),
    )
    assert len(page.rows) == 2 and {r.name for r in page.rows} == {""}
