""" "Run the evaluation now": evaluators and program admins only, one run at a time, a status
page with aggregate results, and downloads that are attachments."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.reports.helpers import make_evaluation_run, seed_evaluable

pytestmark = pytest.mark.django_db(databases="__all__")

REFUSED = ("alice", "bob", "otto", "carol", "dave", "erin", "frank", "una", "hank", "cora")


def test_it_refuses_everyone_but_evaluators_and_program_admins(world: World, client: Any) -> None:
    from openlead.reports.models import EvaluationRun

    start, runs = reverse("evaluation_run_start"), reverse("evaluation_runs")
    assert client.post(start).status_code == 302  # to the login page
    assert client.get(runs).status_code == 302
    for username in REFUSED:
        client.force_login(world.users[username])
        assert client.post(start).status_code == 403
        assert AuditEvent.objects.last().outcome == "denied"
        assert client.get(runs).status_code == 403
        assert AuditEvent.objects.last().purpose == "evaluation runs"
        home = client.get(reverse("home")).content.decode()
        assert "Outcome evaluation" not in home
    assert client.get(start).status_code == 405
    assert EvaluationRun.objects.count() == 0


@pytest.mark.slow
def test_it_runs_every_design_and_shows_only_aggregate_results(world: World, client: Any) -> None:
    from openlead.reports.models import EvaluationRun

    seed_evaluable(world.programs["demo"], world=world)
    client.force_login(world.users["gina"])
    assert "Outcome evaluation" in client.get(reverse("home")).content.decode()
    listing = client.get(reverse("evaluation_runs")).content.decode()
    assert "Run the evaluation now" in listing and "has not been run" in listing
    response = client.post(reverse("evaluation_run_start"), {"follow_up_end": ""})
    run = EvaluationRun.objects.get()
    url = reverse("evaluation_run", kwargs={"run_id": run.public_id})
    assert response.status_code == 302 and response.url == url
    assert (run.status, run.fraction, run.started_by) == ("complete", 1.0, world.users["gina"]), (
        run.reason
    )
    # 40 seeded participants + own, same, revoked; 40 seeded + 1 canary comparison people.
    assert (run.participants, run.comparison_people) == (43, 41) and run.events > 0
    assert run.designs.split(",") == [
        "recidivism",
        "time-to-event",
        "utilization-costs",
        "within-subject",
        "equity-lens",
    ]

    # Only aggregate outputs stay on disk: the row-level extract is gone.
    files = {p.relative_to(run.out).as_posix() for p in run.out.rglob("*") if p.is_file()}
    assert {"report.html", "results.json", "figures/figures.json"} <= files
    assert any(f.endswith(".svg") for f in files)
    kept = ("tables/", "figures/")
    assert [
        f for f in files if not (f in {"report.html", "results.json"} or f.startswith(kept))
    ] == []

    page = client.get(url).content.decode()
    assert "Complete" in page and 'http-equiv="refresh"' not in page and "<script" not in page
    assert run.summary and all(s in page for s in _escaped(run.summary))
    assert "<dt>Participants</dt><dd>43</dd>" in page
    results = json.loads((run.out / "results.json").read_text())
    # One headline row per estimate, each with a link to its details on the same page.
    assert results["estimates"] and page.count('href="#estimate-') == len(results["estimates"])
    assert page.count('class="group estimate-detail"') == len(results["estimates"])
    # Closed until opened (the page stays short), and labelled in words, not codes.
    assert page.count('<details class="group estimate-detail">') == len(results["estimates"])
    table = page[page.index('<table class="headline">') : page.index("</table>")]
    assert not re.findall(r">[^<]*\b[a-z]+_[a-z_]+\b[^<]*<", table), "a raw code in the table"
    assert results["inputs"]["files"] == {
        "people": "people.csv",
        "events": "events.csv",
        "status_months": "status_months.csv",
    }
    assert "95% CI" in page and "Warnings" in page and "was deleted when it ended" in page
    # The plots are inline SVG with no style attribute, <style> or script (the CSP).
    assert page.count('class="plot" role="img"') >= 1
    assert " style=" not in page and "<style" not in page and "<script" not in page
    # Small cells: every n shown is "<11", zero, or at least 11.
    cells = re.findall(
        r"<dt>n program</dt><dd>(&lt;11|\d+)</dd>\s*<dt>n comparison</dt><dd>(&lt;11|\d+)</dd>",
        page,
    )
    assert len(cells) == len(results["estimates"])
    assert all(c == "&lt;11" or int(c) == 0 or int(c) >= 11 for pair in cells for c in pair)
    assert [c for c in world.canaries if c in page] == []

    report_url = reverse("evaluation_report", kwargs={"run_id": run.public_id})
    shown = client.get(report_url)
    policy = shown["Content-Security-Policy"]
    assert shown.status_code == 200 and "Content-Disposition" not in shown
    assert "unsafe-inline" not in policy and "style-src 'sha256-" in policy
    assert [c for c in world.canaries if c in shown.content.decode()] == []
    for url, kind in (
        (f"{report_url}?download=1", "text/html"),
        (reverse("evaluation_results", kwargs={"run_id": run.public_id}), "application/json"),
    ):
        download = client.get(url)
        assert download.status_code == 200 and download["Content-Type"].startswith(kind)
        assert download["Content-Disposition"].startswith("attachment;")
        body = b"".join(download.streaming_content).decode()
        assert [c for c in world.canaries if c in body] == []
    exports = AuditEvent.objects.filter(action="export", actor_username="gina")
    assert {e.purpose for e in exports} == {
        "evaluation extract",
        "evaluation report.html download",
        "evaluation results.json download",
    }
    assert AuditEvent.objects.filter(purpose="start evaluation run", actor_username="gina").exists()


def _escaped(sentences: list[str]) -> list[str]:
    from django.utils.html import escape

    return [escape(s) for s in sentences]


def test_it_stops_a_program_without_participants_with_a_clear_reason(
    world: World, client: Any
) -> None:
    from openlead.people.models import Person
    from openlead.reports.models import EvaluationRun

    Person.objects.filter(program=world.programs["demo"]).update(status="referred")
    client.force_login(world.users["ada"])
    response = client.post(reverse("evaluation_run_start"))
    run = EvaluationRun.objects.get()
    assert response.status_code == 302
    assert run.status == "stopped" and "no participants" in run.reason
    assert not (run.out / "extract").exists()
    page = client.get(response.url).content.decode()
    assert "Stopped" in page and "has no participants" in page and "Downloads" not in page
    assert (
        client.get(reverse("evaluation_report", kwargs={"run_id": run.public_id})).status_code
        == 404
    )


def test_it_shows_a_field_error_for_a_follow_up_end_in_the_future(
    world: World, client: Any
) -> None:
    from openlead.reports.models import EvaluationRun

    client.force_login(world.users["gina"])
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = client.post(reverse("evaluation_run_start"), {"follow_up_end": tomorrow})
    assert response.status_code == 400
    assert "The follow-up cannot end in the future." in response.content.decode()
    response = client.post(reverse("evaluation_run_start"), {"follow_up_end": "soon"})
    assert response.status_code == 400 and "Enter a valid date." in response.content.decode()
    assert EvaluationRun.objects.count() == 0
    assert AuditEvent.objects.last().outcome == "denied"


def test_it_shows_a_field_error_for_a_follow_up_end_before_the_data_starts(
    world: World, client: Any
) -> None:
    from openlead.people.models import Person
    from openlead.reports.models import EvaluationRun

    program = world.programs["demo"]
    Person.objects.filter(program=program).update(
        referred_at=dt.datetime(2024, 3, 12, 18, tzinfo=dt.UTC)
    )
    client.force_login(world.users["gina"])
    for day in ("1900-01-01", "2024-03-12", "2023-12-31"):
        response = client.post(reverse("evaluation_run_start"), {"follow_up_end": day})
        page = response.content.decode()
        assert response.status_code == 400, day
        assert "The program&#x27;s data starts on 12 March 2024" in page, day
        # beside its field: between the date input and the next field's help text
        after_input = page.split('name="follow_up_end"', 1)[1]
        assert after_input.index("data starts on") < after_input.index("Events after this date")
    assert not EvaluationRun.objects.exists()
    response = client.post(reverse("evaluation_run_start"), {"follow_up_end": "0999-01-01"})
    assert response.status_code == 400 and not EvaluationRun.objects.exists()


def test_it_refuses_a_second_run_while_one_is_active(world: World, client: Any) -> None:
    from openlead.reports.models import EvaluationRun

    running = make_evaluation_run(world, "own", status="running")
    client.force_login(world.users["ada"])
    response = client.post(reverse("evaluation_run_start"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "already queued or running" in page and "disabled" in page
    assert list(EvaluationRun.objects.values_list("pk", flat=True)) == [running.pk]
    assert AuditEvent.objects.last().outcome == "denied"


def test_it_lets_the_database_refuse_two_active_runs(world: World) -> None:
    from django.db import IntegrityError

    from openlead.reports.models import EvaluationRun

    make_evaluation_run(world, "own", status="queued")
    with pytest.raises(IntegrityError):
        EvaluationRun.objects.create(program=world.programs["demo"], status="running")


def test_it_stops_a_run_that_went_silent(world: World, client: Any) -> None:
    from openlead.reports.models import EvaluationRun

    stale = make_evaluation_run(world, "own", status="running")
    EvaluationRun.objects.filter(pk=stale.pk).update(
        updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=7)
    )
    client.force_login(world.users["gina"])
    assert client.post(reverse("evaluation_run_start")).status_code == 302
    stale.refresh_from_db()
    assert stale.status == "stopped" and "No progress" in stale.reason
    assert EvaluationRun.objects.exclude(pk=stale.pk).get().status in {"complete", "stopped"}


def test_it_deletes_the_extract_a_killed_run_left_on_disk(world: World, client: Any) -> None:
    from openlead.background.actions import do_stop_stale_runs
    from openlead.reports.actions import STALE_REASON, STALE_RUN_AFTER
    from openlead.reports.models import EvaluationRun

    killed = make_evaluation_run(world, "own", status="running")
    # What a SIGKILLed `evaluate-program` leaves: its row-level extract, and its outputs.
    killed.extract_dir.mkdir(parents=True)
    (killed.extract_dir / "people.csv").write_text("person_id,group\np1,participant\n")
    (killed.extract_dir / "events.csv").write_text("person_id,date,kind\np1,2025-01-01,arrest\n")
    outputs = sorted(p.name for p in killed.out.iterdir())
    program = world.programs["demo"]
    # Refusal first: a run that reported recently is not stale, and keeps its files.
    assert do_stop_stale_runs(EvaluationRun, program, STALE_RUN_AFTER, STALE_REASON) == 0
    assert (killed.extract_dir / "people.csv").exists()
    EvaluationRun.objects.filter(pk=killed.pk).update(
        updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=7)
    )
    assert do_stop_stale_runs(EvaluationRun, program, STALE_RUN_AFTER, STALE_REASON) == 1
    killed.refresh_from_db()
    assert killed.status == "stopped" and killed.reason == STALE_REASON
    assert not killed.extract_dir.exists()
    # Only the extract goes: the aggregate outputs beside it stay.
    assert sorted(p.name for p in killed.out.iterdir()) == [n for n in outputs if n != "extract"]
    assert outputs != ["extract"]


def test_it_refreshes_the_status_page_only_while_running(world: World, client: Any) -> None:
    from openlead.reports.models import EvaluationRun

    run = make_evaluation_run(world, "own", status="running")
    EvaluationRun.objects.filter(pk=run.pk).update(
        step="running the time-to-event design", fraction=0.4
    )
    client.force_login(world.users["gina"])
    url = reverse("evaluation_run", kwargs={"run_id": run.public_id})
    page = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "running the time-to-event design" in page and "40%" in page
    assert '<progress max="100" value="40">' in page and "<script" not in page
    report = reverse("evaluation_report", kwargs={"run_id": run.public_id})
    assert client.get(report).status_code == 404  # not finished: no outputs yet
    EvaluationRun.objects.filter(pk=run.pk).update(status="stopped", reason="It stopped.")
    page = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in page and "It stopped." in page
    other = make_evaluation_run(world, "other")
    assert (
        client.get(reverse("evaluation_run", kwargs={"run_id": other.public_id})).status_code == 404
    )
    assert AuditEvent.objects.last().outcome == "not_found"


def test_it_shows_small_counts_as_under_eleven(world: World, client: Any) -> None:
    run = make_evaluation_run(world, "own")
    client.force_login(world.users["ada"])
    page = client.get(reverse("evaluation_run", kwargs={"run_id": run.public_id})).content.decode()
    assert "<dt>n program</dt><dd>43</dd>" in page
    assert "<dt>n comparison</dt><dd>&lt;11</dd>" in page
    assert "<dd>&lt;11</dd>" in page.split("<dt>Events</dt>")[1][:20]  # 7 events
    assert "0.61 (95% CI 0.40 to 0.93)" in page and "equity-lens: too few people" in page


def test_it_names_the_extract_file_row_and_column_of_an_input_error_but_not_the_path() -> None:
    from openlead.evaluation import InputError
    from openlead.reports.evaluation_worker import _reason

    error = InputError(
        "/srv/openlead/var/evaluations/x/extract/people.csv", 4, "age", "not a number"
    )
    assert _reason(error) == (
        "The evaluation could not use the program's extract: people.csv, row 4, column 'age': "
        "not a number"
    )
    assert _reason(KeyError("CANARY-secret")) == (
        "The evaluation stopped with an error (KeyError). The server log has the details; "
        "start a new run to try again."
    )
