"""Permission-matrix rows for the API (merged into tests/access/test_permission_matrix.py).

Each API read answers exactly as the page it mirrors: same relations, same statuses,
except that a caller with no session or token gets 401 (a problem document) where the
page sends the browser to the login page. tests/api/test_token_matrix.py asks the same
of a token acting as each persona."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.access.relations import anon
from tests.conftest import World

# API URL name -> the page it mirrors
API_EQUIVALENT = {
    "api_referrals": "referral_list",
    "api_referral": "referral_detail",
    "api_caseload": "casework_caseload",
    "api_contacts": "casework_person",
    "api_appointments": "casework_person",
    "api_goals": "casework_person",
    "api_goal": "casework_person",
    "api_monthly_status": "casework_person",
    "api_import_batches": "import_batches",
    "api_import_batch": "import_batch",
    "api_import_rejected_rows": "import_batch",
    "api_evaluation_runs": "evaluation_runs",
    "api_evaluation_run": "evaluation_run",
    "api_evaluation_results": "evaluation_results",
}


def as_api(expect: Callable[[Any, str], int]) -> Callable[[Any, str], int]:
    return lambda user, rel: 401 if anon(user) else int(expect(user, rel))


def expect_tokens_page(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    return 200 if user == "ada" else 403  # MANAGE_API_TOKENS: program admins only


def expect_revoke(user: str | None, rel: str) -> int:
    if user != "ada":
        return expect_tokens_page(user, rel)
    return 302 if rel == "own" else 404  # back to the token page; another's token: 404


def expect_referral_form(user: str | None, rel: str) -> int:
    if anon(user):
        return 401
    return 200 if user == "dave" else 403  # the police doors


API_ROWS: dict[str, tuple[str, list[str], Any]] = {
    "api_schema": ("GET", ["none"], lambda u, r: 200),
    "api_docs": ("GET", ["none"], lambda u, r: 200),
    "api_not_found": ("GET", ["none"], lambda u, r: 404),
    "api_tokens": ("GET", ["none"], expect_tokens_page),
    "api_token_revoke": ("POST", ["own", "missing"], lambda u, r: expect_revoke(u, r)),
    "api_referral_form": ("GET", ["none"], expect_referral_form),
}


def expect_upload(user: str | None, rel: str) -> int:
    """POST /api/v1/imports/ as the import page's persona: created where the page shows."""
    from tests.records.matrix import expect_batches

    page = as_api(expect_batches)(user, rel)
    return 201 if page == 200 else page


# Writes on URLs whose GET row is above (one row per URL name there): url name -> (method,
# relations, expectation, the call). tests/access/test_permission_matrix.py runs them.
API_WRITE_ROWS: dict[str, tuple[str, list[str], Any, Any]] = {
    "api_import_batches": ("POST", ["none"], expect_upload, lambda client: _upload(client)),
}


def _upload(client: Any) -> Any:
    from tests.api.uploads import upload

    return upload(client, key="matrix-upload")


def api_kwargs(world: World, name: str, page_kwargs: dict[str, str], rel: str) -> dict[str, str]:
    """The page's URL arguments, plus a goal of the person for the goal row."""
    if name != "api_goal":
        return page_kwargs
    person = world.people.get(rel)
    return {**page_kwargs, "goal_id": _goal_of(person) if person is not None else "noSuchGoal123"}


def _goal_of(person: Any) -> str:
    import datetime as dt

    from openlead.access.acting import Actor
    from openlead.casework.actions.plans import do_add_goal

    goal = person.goals.first() or do_add_goal(
        person,
        acting=Actor.system("test"),
        domain="housing",
        words="A place of my own.",
        steps="Call the housing line.",
        on=dt.date(2026, 1, 5),
    )
    return str(goal.public_id)


def own_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if name == "api_referral_form":
        return {"door": "arrest"}
    if name == "api_token_revoke":
        if rel == "missing":
            return {"token_id": "noSuchToken1234"}
        from tests.api.helpers import token_for

        token_for(world, "dave")
        from openlead.api.models import ApiToken

        return {"token_id": ApiToken.objects.order_by("-pk").first().public_id}  # type: ignore[union-attr]
    return {}
