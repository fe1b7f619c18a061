"""The API's GET URLs over the world (and over the pages the other scans build), for the
canary scan (tests/access/test_canaries.py, tests/api/test_api_canaries.py)."""

from __future__ import annotations

from openlead.referrals.models import Referral
from openlead.reports.models import EvaluationRun
from tests.api.matrix import _goal_of
from tests.conftest import World
from tests.records.helpers import make_batch


def api_pages(world: World) -> list[str]:
    urls = ["/api/schema/", "/api/docs/", "/api/v1/referrals/", "/api/v1/caseload/"]
    urls += ["/api/v1/imports/", "/api/v1/evaluation/runs/", "/api/v1/referrals/form/arrest/"]
    for person in world.people.values():
        base = f"/api/v1/people/{person.public_id}/"
        urls += [base + p for p in ("contacts/", "appointments/", "goals/", "monthly-status/")]
        urls.append(f"{base}goals/{_goal_of(person)}/")
    for referral in Referral.objects.all():
        urls.append(f"/api/v1/referrals/{referral.public_id}/")
    batch = make_batch(world, "own").public_id
    urls += [f"/api/v1/imports/{batch}/", f"/api/v1/imports/{batch}/rejected-rows/"]
    # The completed run evaluation_pages made, when the scan built those pages first.
    run = (
        EvaluationRun.objects.filter(program=world.programs["demo"])
        .values_list("public_id", flat=True)
        .first()
    )
    if run:
        urls += [f"/api/v1/evaluation/runs/{run}/", f"/api/v1/evaluation/runs/{run}/results/"]
    return urls
