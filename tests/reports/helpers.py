"""Seeded programs and runs for the evaluation-run tests (fake people only)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from tests.conftest import World
from tests.records.helpers import make_comparison_link, seed_linkable


def seed_evaluable(program: Any, *, world: World | None = None, n_people: int = 80) -> None:
    """Participants, a comparison pool and records with accepted links from the truth, as
    tests/records/test_extract.py makes them: an extract the evaluation accepts. With a
    world, also a comparison person whose names are canaries."""
    from django.utils import timezone

    from openlead.people.models import Person
    from openlead.records.models import JusticeRecord, PersonRecordLink

    data, people = seed_linkable(program, n_people=n_people, seed=11)
    rng = random.Random(3)
    Person.objects.filter(program=program).update(
        referred_at=dt.datetime(2025, 1, 10, 18, tzinfo=dt.UTC)
    )
    records = list(JusticeRecord.objects.filter(source="seed"))
    for record in records:
        record.occurred_on = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
    JusticeRecord.objects.bulk_update(records, ["occurred_on"])
    by_id = {r.external_id: r for r in records}
    links = []
    for person_id, record_id in data.truth.itertuples(index=False):
        owner = people[str(person_id)]
        side = {"comparison": owner} if hasattr(owner, "pool") else {"person": owner}
        links.append(
            PersonRecordLink(
                record=by_id[str(record_id)],
                probability=0.99,
                band="auto_accept",
                status="accepted",
                decided_at=timezone.now(),
                **side,
            )
        )
    PersonRecordLink.objects.bulk_create(links)
    if world is not None:
        make_comparison_link(world, "evaluation", status="accepted")


def make_evaluation_run(world: World, program_key: str, status: str = "complete") -> Any:
    """A run row with small aggregate outputs on disk (for access tests, not statistics)."""
    from django.conf import settings

    from openlead.reports.models import EvaluationRun

    cache_key = f"evaluation-run-{program_key}-{status}"
    if cache_key not in world.consents:
        run = EvaluationRun(
            program=world.programs["demo" if program_key == "own" else program_key],
            status=status,
            designs="recidivism",
            participants=43,
            comparison_people=41,
            events=7,
            summary=["Participants had fewer arrests in the six months after referral."],
        )
        run.output_dir = str(Path(settings.OPENLEAD_EVALUATION_DIR) / run.public_id)
        run.save()
        run.out.mkdir(parents=True, exist_ok=True)
        estimate = {
            "design": "recidivism",
            "outcome": "arrest",
            "window": "6m",
            "estimand": "ATT",
            "measure": "odds_ratio",
            "estimate": 0.61,
            "ci_low": 0.4,
            "ci_high": 0.93,
            "p_value": 0.02,
            "n_program": 43,
            "n_comparison": 7,
            "method": "logistic",
        }
        payload = {"estimates": [estimate], "warnings": ["equity-lens: too few people"]}
        (run.out / "results.json").write_text(json.dumps(payload))
        (run.out / "report.html").write_text("<!doctype html><title>report</title>")
        world.consents[cache_key] = run
    return world.consents[cache_key]
