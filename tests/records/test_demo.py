"""The demo shows justice records: imported fake records, linked and queued for review."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.demo import seed_demo

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_seeds_records_and_links_for_the_demo_program(client: Any) -> None:
    from openlead.records.models import ImportBatch, PersonRecordLink

    program = seed_demo(n_people=30, seed=5, password="demo-password-1234")
    assert ImportBatch.objects.get(source="demo-rms").status == "complete"
    links = PersonRecordLink.objects.filter(person__program=program)
    assert links.filter(status="accepted").exists()
    assert links.filter(status="pending").exists()
    client.force_login(program.memberships.get(role="supervisor").user)
    page = client.get(reverse("link_review_queue")).content.decode()
    pending = links.filter(status="pending").first()
    assert pending is not None and pending.public_id in page


def test_the_supervisor_has_the_demos_people_entered_twice_to_decide(client: Any) -> None:
    from openlead.records.demo import TWICE
    from openlead.records.models import DuplicatePair

    program = seed_demo(n_people=30, seed=5, password="demo-password-1234")
    pairs = DuplicatePair.objects.filter(program=program, status="pending")
    assert pairs.count() >= len(TWICE), list(pairs.values("band", "probability"))
    client.force_login(program.memberships.get(role="supervisor").user)
    page = client.get(reverse("duplicate_pairs")).content.decode()
    for pair in pairs:
        assert pair.public_id in page


@pytest.mark.slow
def test_the_demo_gives_the_evaluation_a_comparison_pool_and_history(client: Any) -> None:
    """`make run`'s evaluator can press "Run the evaluation now" and get estimates."""
    from openlead.records.models import ComparisonPerson, PersonRecordLink
    from openlead.reports.models import EvaluationRun

    program = seed_demo(n_people=60, seed=5, password="demo-password-1234")
    pool = ComparisonPerson.objects.filter(program=program)
    assert pool.count() == 220
    history = PersonRecordLink.objects.filter(record__source="demo-rms-history", status="accepted")
    assert history.filter(comparison__program=program).exists()
    assert history.filter(person__program=program).exists()
    client.force_login(program.memberships.get(role="evaluator").user)
    client.post(reverse("evaluation_run_start"), {"follow_up_end": ""})
    run = EvaluationRun.objects.get(program=program)
    assert run.status == "complete", run.reason
    page = client.get(reverse("evaluation_run", kwargs={"run_id": run.public_id})).content.decode()
    from openlead.reports.results import DESIGN_LABELS

    for design in ("recidivism", "time-to-event"):
        # the design's rows in the headline table, and an any_arrest estimate's details,
        # each under the design's name in words (openlead.reports.results)
        label = DESIGN_LABELS[design]
        assert f'<th colspan="3" scope="rowgroup">{label}</th>' in page
        assert f"<summary>{label}: any arrest <span" in page


@pytest.mark.slow
def test_the_demo_runs_linkage_from_the_web(client: Any) -> None:
    """Its state ids agree in every true pair, which once drove Splink's EM to an m of 0.0
    ("below the minimum allowed value") and stopped the run; now that session is left out."""
    from openlead.records.models import LinkageRun

    program = seed_demo(n_people=200, seed=2011, password="demo-password-1234")
    client.force_login(program.memberships.get(role="supervisor").user)
    client.post(reverse("linkage_run_start"))
    run = LinkageRun.objects.get(program=program)
    assert run.status == "complete", run.reason
    assert run.participants > 0 and run.comparison_people == 220 and run.records > 3000
