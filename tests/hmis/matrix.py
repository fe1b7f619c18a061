"""Permission-matrix rows for the HMIS export URLs (merged into
tests/access/test_permission_matrix.py), and the pages and download the canary scan
(tests/access/test_canaries.py) reads as police, prosecutor, evaluator and sysadmin.

Only the program admin (ada) reaches them; everyone else gets 403, whatever their scope.
Test logins have a fresh second factor, so ada's download is the zip itself (200).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from tests.conftest import World

ADMINS = {"ada"}


def _expect(user: str | None, rel: str) -> int:
    if user in {None, "inactive"}:
        return 302
    return 200 if user in ADMINS else 403


def _expect_settings(user: str | None, rel: str) -> int:
    if user in {None, "inactive"}:
        return 302
    return 302 if user in ADMINS else 403  # 302: back to the page with "saved"


HMIS_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "hmis_export": ("GET", ["none"], _expect),
    "hmis_export_download": ("POST", ["none"], _expect),
    "hmis_settings": ("POST", ["none"], _expect_settings),
}


def _ready(world: World) -> None:
    """The demo program's HMIS project, and a stay and a full release for "own"."""
    import datetime as dt

    from openlead.hmis.models import HmisProject
    from tests.hmis.helpers import FULL, make_project, release, stay

    if HmisProject.objects.filter(program=world.programs["demo"]).exists():
        return
    make_project(world)
    stay(world.people["own"], started=dt.date(2026, 2, 3))
    release(world, world.people["own"], FULL)


def hmis_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    _ready(world)
    return {}


def hmis_data(world: World, name: str) -> dict[str, str]:
    if name == "hmis_settings":
        return settings_data(world)
    return {"start": "2026-01-01", "end": "2026-11-30"}


def settings_data(world: World, **changes: str) -> dict[str, str]:
    data = {
        "coc_organization": str(world.orgs["coc"].pk),
        "coc_code": "WA-501",
        "geocode": "530033",
        "project_type": "4",
        "operating_start": "2012-01-01",
        "funder": "46",
        "other_funder": "County fund",
        "grant_id": "G-2",
        "state": "WA",
        "zip_code": "98104",
    }
    return data | changes


def hmis_pages(world: World) -> list[str]:
    from django.urls import reverse

    _ready(world)
    return [reverse("hmis_export")]


def hmis_download_texts(client: Any, world: World) -> list[str]:
    """The download as this client gets it: the refusal page, or every file in the zip."""
    from django.urls import reverse

    _ready(world)
    response = client.post(reverse("hmis_export_download"), hmis_data(world, ""))
    if response.get("Content-Type") != "application/zip":
        return [response.content.decode()]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return [archive.read(name).decode() for name in archive.namelist()]
