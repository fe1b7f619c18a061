"""The HMIS export: who is in it, what a release without identity leaves out, and that
its files pass the validator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.hmis.export import PURPOSE, run_export, write_directory
from openlead.hmis_spec import FILES, check_directory
from tests.conftest import World
from tests.hmis.helpers import FULL, PERIOD, G, make_project, read, release, stay

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def exported(world: World, tmp_path: Path) -> Path:
    """own: full release, exited in the period; same: enrollment status only;
    revoked: a revoked release; other program's person: never."""
    project = make_project(world)
    people = world.people
    stay(people["own"], started=dt.date(2026, 2, 3), exited=dt.date(2026, 6, 30))
    stay(people["same"], started=dt.date(2026, 3, 1))
    stay(people["revoked"], started=dt.date(2026, 3, 1))
    release(world, people["own"], FULL)
    release(world, people["same"], [G.ENROLLMENT_STATUS])
    release(world, people["revoked"], FULL, revoked=True)
    _result, texts = run_export(project, *PERIOD, acting=Actor.system("test"))
    write_directory(texts, tmp_path)
    return tmp_path


def test_it_writes_every_file_with_the_spec_header(exported: Path) -> None:
    for name, columns in FILES.items():
        header = (exported / name).read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(c.name for c in columns), name


def test_its_files_pass_the_validator(exported: Path) -> None:
    report = check_directory(exported)
    assert [str(p) for p in report.problems] == []
    assert report.rows["Client.csv"] == 2 and report.rows["Enrollment.csv"] == 2
    assert report.rows["Exit.csv"] == 1 and report.rows["IncomeBenefits.csv"] == 1


def test_it_leaves_out_people_without_a_release_in_force(world: World, exported: Path) -> None:
    ids = {row["PersonalID"] for row in read(exported, "Client.csv")}
    assert ids == {world.people["own"].public_id, world.people["same"].public_id}
    everything = "".join((exported / name).read_text(encoding="utf-8") for name in FILES)
    for key in ("revoked", "other"):
        assert world.people[key].public_id not in everything
    for marker in world.canaries:
        if "-own-" not in marker:  # own's released name is the only canary allowed out
            assert marker not in everything


def test_a_release_without_identity_gives_data_not_collected(world: World, exported: Path) -> None:
    row = next(
        r for r in read(exported, "Client.csv") if r["PersonalID"] == world.people["same"].public_id
    )
    assert (row["FirstName"], row["LastName"], row["DOB"], row["SSN"]) == ("", "", "", "")
    assert (row["NameDataQuality"], row["SSNDataQuality"], row["DOBDataQuality"]) == ("99",) * 3
    assert row["Sex"] == "99" and row["RaceNone"] == "99"
    enrollment = next(
        r for r in read(exported, "Enrollment.csv") if r["PersonalID"] == row["PersonalID"]
    )
    assert enrollment["LivingSituation"] == "99"  # casework notes were not released
    income = [
        r for r in read(exported, "IncomeBenefits.csv") if r["PersonalID"] == row["PersonalID"]
    ]
    assert income == []


def test_a_full_release_gives_the_name_and_the_monthly_status(world: World, exported: Path) -> None:
    own = world.people["own"].public_id
    row = next(r for r in read(exported, "Client.csv") if r["PersonalID"] == own)
    assert row["FirstName"].startswith("CANARY-own-name") and row["NameDataQuality"] == "2"
    assert row["SSN"] == "" and row["SSNDataQuality"] == "99"  # openlead never keeps SSNs
    enrollment = next(r for r in read(exported, "Enrollment.csv") if r["PersonalID"] == own)
    assert enrollment["LivingSituation"] == "116" and enrollment["EnrollmentCoC"] == "WA-599"
    exit_row = read(exported, "Exit.csv")[0]
    assert (exit_row["ExitDate"], exit_row["Destination"]) == ("2026-06-30", "410")
    income = read(exported, "IncomeBenefits.csv")[0]
    assert (income["SSI"], income["Earned"], income["SNAP"], income["Medicaid"]) == (
        "1",
        "0",
        "1",
        "1",
    )
    assert read(exported, "EmploymentEducation.csv")[0]["Employed"] == "0"


def test_it_audits_each_exported_person_and_the_export(world: World, exported: Path) -> None:
    events = AuditEvent.objects.filter(action="export", purpose=PURPOSE)
    refs = {e.person_ref for e in events if e.person_ref}
    assert refs == {world.people["own"].public_id, world.people["same"].public_id}
    same = events.get(person_ref=world.people["same"].public_id)
    assert same.field_groups == ["enrollment_status"]
    summary = events.get(person_ref="")
    assert summary.detail["people"] == 2


def test_a_stay_outside_the_period_is_not_exported(world: World, tmp_path: Path) -> None:
    project = make_project(world)
    stay(world.people["own"], started=dt.date(2025, 1, 5), exited=dt.date(2025, 3, 1))
    release(world, world.people["own"], FULL)
    result, texts = run_export(project, *PERIOD, acting=Actor.system("test"))
    assert result.rows["Enrollment.csv"] == 0 and result.rows["Client.csv"] == 0
    write_directory(texts, tmp_path)
    assert check_directory(tmp_path).ok


def test_the_demo_round_trips_through_the_validator(tmp_path: Path) -> None:
    from django.utils import timezone

    from openlead.demo import seed_demo
    from openlead.hmis.models import HmisProject

    program = seed_demo(n_people=30, seed=5, password="demo-password-1234")
    project = HmisProject.objects.get(program=program)
    today = timezone.localdate()
    result, texts = run_export(
        project, today - dt.timedelta(days=1000), today, acting=Actor.system("test")
    )
    write_directory(texts, tmp_path)
    report = check_directory(tmp_path)
    assert [str(p) for p in report.problems] == []
    assert result.people > 0 and report.rows["Client.csv"] == result.people
    assert report.rows["Enrollment.csv"] >= result.people
