""" "Run linkage now": reviewers only, one run at a time, a status page, and the real process."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.processes import process_env
from tests.records.conftest import ROOT
from tests.records.helpers import make_run, seed_linkable

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_refuses_to_start_a_run_for_anyone_but_reviewers(world: World, client: Any) -> None:
    from openlead.records.models import LinkageRun

    url = reverse("linkage_run_start")
    assert client.post(url).status_code == 302  # to the login page
    for username in ("alice", "carol", "dave", "erin", "gina", "hank"):
        client.force_login(world.users[username])
        assert client.post(url).status_code == 403
        assert AuditEvent.objects.last().outcome == "denied"
    assert client.get(url).status_code == 405
    assert LinkageRun.objects.count() == 0


@pytest.mark.slow
def test_it_links_participants_and_the_pool_and_shows_the_counts(world: World, client: Any) -> None:
    from openlead.records.models import LinkageRun, PersonRecordLink

    program = world.programs["demo"]
    data, people = seed_linkable(program)
    client.force_login(world.users["bob"])
    queue = client.get(reverse("link_review_queue")).content.decode()
    assert "Run linkage now" in queue and "has not been run" in queue
    response = client.post(reverse("linkage_run_start"))
    run = LinkageRun.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "linkage_run", kwargs={"run_id": run.public_id}
    )
    assert (run.status, run.fraction, run.started_by) == ("complete", 1.0, world.users["bob"])
    assert (run.participants, run.comparison_people, run.records) == (33, 30, 420)
    links = list(PersonRecordLink.objects.filter(record__source="seed"))
    assert run.auto_accepted + run.queued == len(links) > 0
    # Each link keeps why it scored so: the review page's waterfall (issue 17).
    for lk in links:
        parts = lk.weights["prior"] + lk.weights["frequency"]
        parts += sum(f["weight"] for f in lk.weights["fields"].values())
        assert {"first_name", "last_name", "dob"} <= set(lk.weights["fields"])
        assert abs(parts - lk.weights["total"]) < 0.1
    truth = {(str(p), str(r)) for p, r in data.truth.itertuples(index=False)}
    by_left = {obj.pk: key for key, obj in people.items() if hasattr(obj, "pool")}
    pool_links = {
        (by_left[lk.comparison_id], lk.record.external_id) for lk in links if lk.comparison_id
    }
    pool_truth = {pair for pair in truth if pair[0] in {k for k in by_left.values()}}
    assert pool_truth and len(pool_links & pool_truth) >= 0.7 * len(pool_truth)
    page = client.get(reverse("linkage_run", kwargs={"run_id": run.public_id})).content.decode()
    assert "Complete" in page and 'http-equiv="refresh"' not in page
    assert "<dt>Comparison people</dt><dd>30</dd>" in page
    assert f"<dt>Linked automatically</dt><dd>{run.auto_accepted}</dd>" in page
    assert AuditEvent.objects.filter(purpose="record linkage (comparison group)").count() == 1
    assert AuditEvent.objects.filter(purpose="start record linkage", actor_username="bob").exists()


def test_it_refuses_a_second_run_while_one_is_active(world: World, client: Any) -> None:
    from openlead.records.models import LinkageRun

    running = make_run(world, "own", status="running")
    client.force_login(world.users["ada"])
    response = client.post(reverse("linkage_run_start"))
    assert response.status_code == 409
    assert "already queued or running" in response.content.decode()
    assert list(LinkageRun.objects.values_list("pk", flat=True)) == [running.pk]
    assert AuditEvent.objects.last().outcome == "denied"
    queue = client.get(reverse("link_review_queue")).content.decode()
    assert "disabled" in queue and running.public_id in queue


def test_it_lets_the_database_refuse_two_active_runs(world: World) -> None:
    from django.db import IntegrityError

    from openlead.records.models import LinkageRun

    make_run(world, "own", status="queued")
    with pytest.raises(IntegrityError):
        LinkageRun.objects.create(program=world.programs["demo"], status="running")


def test_it_stops_a_run_that_went_silent_and_starts_anew(world: World, client: Any) -> None:
    from openlead.records.models import LinkageRun

    stale = make_run(world, "own", status="running")
    LinkageRun.objects.filter(pk=stale.pk).update(
        updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    )
    client.force_login(world.users["bob"])
    assert client.post(reverse("linkage_run_start")).status_code == 302
    stale.refresh_from_db()
    assert stale.status == "stopped" and "No progress" in stale.reason
    assert LinkageRun.objects.filter(status="complete").count() == 1


def test_it_refreshes_the_status_page_only_while_running(world: World, client: Any) -> None:
    from openlead.records.models import LinkageRun

    run = make_run(world, "own", status="running")
    LinkageRun.objects.filter(pk=run.pk).update(step="training the model", fraction=0.4)
    client.force_login(world.users["bob"])
    url = reverse("linkage_run", kwargs={"run_id": run.public_id})
    page = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "training the model" in page and "40%" in page and "<script" not in page
    LinkageRun.objects.filter(pk=run.pk).update(status="stopped", reason="The linkage stopped.")
    page = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in page and "The linkage stopped." in page
    other = make_run(world, "other")
    assert client.get(reverse("linkage_run", kwargs={"run_id": other.public_id})).status_code == 404


SEED_AND_START = """
import django, sys
django.setup()
from openlead.access.acting import Actor
from openlead.access.models import Membership, User
from openlead.programs.models import Organization, Program
from openlead.records.actions import check_start_linkage_run, do_launch_linkage_run
from tests.records.helpers import seed_linkable

program = Program.objects.create(name="Run City", slug="run-city")
org = Organization.objects.create(name="Run CM", kind="case_management")
user = User.objects.create_user(username="sup", password="x-not-used-0123456789")
Membership.objects.create(user=user, program=program, organization=org, role="supervisor")
seed_linkable(program, n_people=40)
run = check_start_linkage_run(program, acting=Actor.of(user, "supervisor", program.pk))
do_launch_linkage_run(run)  # the real runner: a detached `openlead link-program --run`
print(run.public_id)
"""


def _rows(tmp: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(tmp / "data.sqlite3", timeout=5) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.slow
def test_it_runs_link_program_in_its_own_process_and_reports_into_the_row(
    tmp_path: Path,
) -> None:
    env = process_env(tmp_path)
    python = sys.executable
    subprocess.run([python, "-m", "openlead", "migrate"], env=env, cwd=ROOT, check=True)
    started = subprocess.run(
        [python, "-c", SEED_AND_START], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert started.returncode == 0, started.stderr
    run_id = started.stdout.strip().splitlines()[-1]
    query = (
        "SELECT status, fraction, participants, comparison_people, records, auto_accepted, "
        f"queued, reason FROM records_linkagerun WHERE public_id = '{run_id}'"
    )
    deadline = time.monotonic() + 180
    while _rows(tmp_path, query)[0][0] in {"queued", "running"} and time.monotonic() < deadline:
        time.sleep(0.5)
    status, fraction, participants, pool, records, auto, queued, reason = _rows(tmp_path, query)[0]
    assert status == "complete", reason
    assert (fraction, participants, pool, records) == (1.0, 20, 20, 280)
    links = _rows(tmp_path, "SELECT count(*), count(comparison_id) FROM records_personrecordlink")
    assert links[0][0] == auto + queued > 0 and links[0][1] > 0
    again = subprocess.run(
        [python, "-m", "openlead", "link-program", "--run", run_id],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 2 and "is complete already" in again.stderr
