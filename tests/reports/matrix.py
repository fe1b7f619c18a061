"""Permission-matrix rows for the evaluation-run URLs (merged into tests/access/test_permission_matrix.py).

Run relations: own = a complete run of the demo program (with its outputs on disk),
other = one of the other program, missing = no such id. Only the evaluator (gina) and the
program admin (ada) reach these pages; everyone else gets 403, whatever their scope.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.reports.helpers import make_evaluation_run

RUN_RELATIONS = ["own", "other", "missing"]
EVALUATORS = {"gina", "ada"}


def _anon(user: str | None) -> bool:
    return user in {None, "inactive"}


def expect_list(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in EVALUATORS else 403


def expect_start(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 302 if user in EVALUATORS else 403  # 302: to the new run's status page


def expect_run(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if user not in EVALUATORS:
        return 403
    return 200 if rel == "own" else 404


EVALUATION_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "evaluation_runs": ("GET", ["none"], expect_list),
    "evaluation_run_start": ("POST", ["none"], expect_start),
    "evaluation_run": ("GET", RUN_RELATIONS, expect_run),
    "evaluation_report": ("GET", RUN_RELATIONS, expect_run),
    "evaluation_results": ("GET", RUN_RELATIONS, expect_run),
}


def evaluation_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if rel == "none":
        return {}
    run_id = "noSuchRun123456" if rel == "missing" else make_evaluation_run(world, rel).public_id
    return {"run_id": run_id}


def evaluation_pages(world: World) -> list[str]:
    """The evaluation pages for the canary scan (tests/access/test_canaries.py): a run
    really completed on seeded data with canary-named people, and its downloads."""
    from django.test import Client
    from django.urls import reverse

    from openlead.reports.models import EvaluationRun
    from tests.reports.helpers import seed_evaluable

    seed_evaluable(world.programs["demo"], world=world)
    starter = Client()
    starter.force_login(world.users["ada"])
    starter.post(reverse("evaluation_run_start"))
    run = EvaluationRun.objects.filter(program=world.programs["demo"]).latest("started_at")
    assert run.status == "complete", run.reason
    kwargs = {"run_id": run.public_id}
    return [
        reverse("evaluation_runs"),
        reverse("evaluation_run", kwargs=kwargs),
        reverse("evaluation_report", kwargs=kwargs),
        reverse("evaluation_results", kwargs=kwargs),
    ]
