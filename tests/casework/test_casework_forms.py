"""Issue 11: casework forms that do not mislead: "Not assessed" by default (and missing
downstream), only the enrollment changes that make sense, a working change of case
manager, post/redirect/get with a message, errors where the form is, labels not codes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from openlead.casework import actions, queries
from openlead.casework.models import Assessment, EnrollmentEvent, InactiveReason
from openlead.people import vault
from tests.casework.conftest import Casework, seed_canaries
from tests.conftest import program_today

pytestmark = pytest.mark.django_db(databases="__all__")

FACTS = {
    "living_situation": "116",
    "employment_stage": "none",
    "income_any": "0",
    "insurance_any": "0",
}


def _url(cw: Casework, name: str, key: str = "own") -> str:
    return reverse(name, kwargs={"public_id": cw.world.people[key].public_id})


def _text(html: str) -> str:
    """What a reader sees: the page without its tags (codes in value= attributes are fine)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _manager(cw: Casework) -> Any:
    person = cw.world.people["own"]
    person.refresh_from_db()
    return person.case_manager


# ---- not assessed ----------------------------------------------------------------------


def test_it_defaults_every_domain_to_not_assessed_and_stores_it_as_missing(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    page = client.get(_url(cw, "casework_assessment_new")).content.decode()
    template = queries.current_template(cw.world.programs["demo"])
    for domain in template.domains:
        select = page.split(f'name="status_{domain}"')[1].split("</select>")[0]
        assert '<option value="not_assessed" selected>Not assessed</option>' in select
        assert 'value="no_need" selected' not in select
    untouched = {f"status_{d}": "not_assessed" for d in template.domains}
    data = {
        "kind": "intake",
        "assessed_on": program_today(cw.world.programs["demo"]).isoformat(),
        **FACTS,
        **untouched,
        "status_housing": "need",
        "status_family": "no_need",
    }
    response = client.post(_url(cw, "casework_assessment_new"), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    dek = vault.data_key(cw.world.people["own"].public_id)
    answered = queries.open_assessment(assessment, dek, health=True)["domains"]
    assert {d: a["status"] for d, a in answered.items()} == {"housing": "need", "family": "no_need"}
    text = _text(client.get(_url(cw, "casework_person")).content.decode())
    assert "Housing Need identified" in text and "Family No need" in text
    assert "Legal Not assessed" in text and "Safety Not assessed" in text
    assert "Legal No need" not in text


def test_it_does_not_let_an_untouched_assessment_fill_the_status_with_no_need(
    cw: Casework, client: Any
) -> None:
    """The monthly status pre-fill reads the assessment's facts; a domain nobody talked
    about never becomes an answer there either."""
    person = cw.world.people["own"]
    actions.check_record_assessment(
        person,
        queries.current_template(person.program),
        actions.AssessmentAnswers(
            kind="intake",
            assessed_on=program_today(person.program),
            statuses={"housing": "not_assessed", "income": "not_assessed"},
            notes={},
            facts={},
        ),
        acting=cw.acting_for("alice"),
    )
    dek = vault.data_key(person.public_id)
    assert queries.open_assessment(Assessment.objects.get(), dek, health=True)["domains"] == {}
    values = queries.prefill_snapshot(person, program_today(person.program).replace(day=1))
    assert (values["living_situation"], values["income_any"]) == (99, 99)  # not collected


# ---- enrollment -------------------------------------------------------------------------


def test_it_refuses_changes_that_make_no_sense_from_the_status(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    url = _url(cw, "casework_enrollment")
    response = client.post(url, {"action": "reactivate"})
    assert response.status_code == 400
    assert "This person is already active; choose another change." in response.content.decode()
    reason = InactiveReason.objects.get(program=cw.world.programs["demo"], code="in_custody")
    assert client.post(url, {"action": "inactive", "reason": reason.pk}).status_code == 302
    response = client.post(url, {"action": "inactive", "reason": reason.pk})
    assert response.status_code == 400
    assert "This person is already inactive; choose another change." in response.content.decode()
    assert client.post(url, {"action": "exit", "destination": "435"}).status_code == 302
    for change in ("exit", "inactive", "reactivate"):
        response = client.post(url, {"action": change, "reason": reason.pk, "destination": "435"})
        assert response.status_code == 400
        assert "no open enrollment: enroll them again first" in response.content.decode()
    assert client.post(url, {"action": "teleport"}).status_code == 400
    kinds = EnrollmentEvent.objects.filter(enrollment=cw.enrollments["own"]).values_list(
        "kind", flat=True
    )
    assert list(kinds) == ["enrolled", "inactive", "exited"]


def test_it_offers_only_the_moves_of_the_status_and_preselects_none(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    page = client.get(_url(cw, "casework_person")).content.decode()
    box = page.split('id="enrollment"')[1].split("</section>")[0]
    offered = re.findall(r'name="action" value="(\w+)"', box)
    assert offered == ["inactive", "exit"]  # active: no "Active again", no "Enroll again"
    assert "selected" not in box.split("History")[0].replace('value="" selected', "")
    assert "<details open" not in box
    client.force_login(cw.world.users["bob"])
    box = client.get(_url(cw, "casework_person")).content.decode().split('id="enrollment"')[1]
    assert re.findall(r'name="action" value="(\w+)"', box.split("</section>")[0]) == [
        "inactive",
        "exit",
        "reassign",
    ]


def test_it_has_a_supervisor_name_the_case_manager_when_enrolling_again(
    cw: Casework, client: Any
) -> None:
    actions.do_exit(cw.enrollments["own"], destination=435, acting=cw.acting)
    client.force_login(cw.world.users["bob"])
    url = _url(cw, "casework_enrollment")
    response = client.post(url, {"action": "enroll"})
    assert response.status_code == 400
    assert 'id="enrollment-case_manager-error"' in response.content.decode()
    assert client.post(url, {"action": "enroll", "case_manager": "ivan"}).status_code == 302
    assert _manager(cw) == cw.world.users["ivan"]


# ---- change of case manager ---------------------------------------------------------------


def test_it_shows_the_case_manager_picker_with_each_caseload(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["bob"])
    page = client.get(_url(cw, "casework_person")).content.decode()
    picker = page.split('name="case_manager"')[1].split("</select>")[0]
    assert '<option value="alice">Alice (1 participant)</option>' in picker
    assert '<option value="ivan">Ivan (2 participants)</option>' in picker
    assert "carol" not in picker and "bob" not in picker  # another program; not a case manager


@pytest.mark.parametrize(
    "bad", ["", "nobody", "<script>alert(1)</script>", "carol", "bob", "alice", "x" * 500]
)
def test_it_refuses_a_bad_empty_or_foreign_case_manager_beside_the_picker(
    cw: Casework, client: Any, bad: str
) -> None:
    client.force_login(cw.world.users["bob"])
    response = client.post(
        _url(cw, "casework_enrollment"), {"action": "reassign", "case_manager": bad}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="enrollment-case_manager-error"' in page
    assert "<script>alert" not in page
    assert "<details open><summary>Change case manager" in page  # the form stays open
    assert _manager(cw) == cw.world.users["alice"]


def test_it_changes_the_case_manager_and_says_so_on_the_next_page(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["bob"])
    response = client.post(
        _url(cw, "casework_enrollment"),
        {"action": "reassign", "case_manager": "ivan", "seen": "active"},
    )
    assert response.status_code == 302 and response["Location"] == _url(cw, "casework_person")
    assert _manager(cw) == cw.world.users["ivan"]
    page = client.get(_url(cw, "casework_person")).content.decode()
    assert "Case manager changed." in page and "case manager Ivan" in page


# ---- post/redirect/get -------------------------------------------------------------------


def test_it_redirects_after_every_write_and_shows_the_message_once(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    person_url = _url(cw, "casework_person")
    today = program_today(cw.world.programs["demo"])
    month = queries.previous_month(today)
    template = queries.current_template(cw.world.programs["demo"])
    writes = [
        (
            "casework_contact_new",
            {"kind": "street", "duration_minutes": "10", "location": "street"},
            "Contact saved.",
        ),
        (
            "casework_goal_add",
            {"domain": "housing", "words": "A room of my own"},
            "Plan goal added.",
        ),
        (
            "casework_assessment_new",
            {"kind": "intake", "assessed_on": today.isoformat(), **FACTS}
            | {f"status_{d}": "not_assessed" for d in template.domains},
            "Assessment saved.",
        ),
        (
            "casework_snapshot",
            {"month": f"{month:%Y-%m}", **FACTS},
            f"Status for {month:%B %Y} saved.",
        ),
    ]
    for name, data, message in writes:
        response = client.post(_url(cw, name), data)
        assert (response.status_code, response["Location"]) == (302, person_url), name
        assert message in client.get(person_url).content.decode()
        assert message not in client.get(person_url).content.decode()  # shown once


# ---- errors where the form is --------------------------------------------------------------


def test_it_puts_a_failed_form_s_errors_and_the_focus_at_that_form(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.post(_url(cw, "casework_goal_add"), {"domain": "housing", "words": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("autofocus") == 1
    goal_form = page.split('id="goal-form"')[1].split("</form>")[0]
    assert 'class="land" tabindex="-1" autofocus' in goal_form
    assert 'class="error-summary"' in goal_form
    assert 'href="#goal-words"' in goal_form and 'id="goal-words-error"' in goal_form
    assert "Write the goal as the participant says it." in goal_form
    assert page.count('class="error-summary"') == 1  # not at the top of the page as well
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # every summary link has one field to land on


def test_it_shows_labels_never_raw_codes_on_the_person_page(cw: Casework, client: Any) -> None:
    seed_canaries(cw)
    actions.check_record_contact(
        cw.world.people["own"],
        acting=cw.acting_for("alice"),
        services=["harm_reduction", "naloxone"],
    )
    client.force_login(cw.world.users["bob"])
    client.post(_url(cw, "casework_goal_add"), {"domain": "", "words": ""})  # a failed form
    response = client.post(_url(cw, "casework_link_send"), {"provider": "nope"})
    text = _text(response.content.decode())
    assert "Harm-reduction supplies, Naloxone" in text and "Need identified" in text
    for code in (
        "harm_reduction",
        "naloxone,",
        "check_in",
        "no_need",
        "not_assessed",
        "mental_health",
        "substance_use",
        "domain:",
        "provider:",
        "in_progress",
    ):
        assert code not in text, code
