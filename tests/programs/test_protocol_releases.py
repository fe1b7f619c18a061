"""Program.release_required_for mirrors the protocol's `release_required_for` wherever a
program's protocol is set: creating the program, the settings form, and so the demo
(which creates its programs through do_create_program)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.eligibility import loader, shipped_protocols
from openlead.programs.actions import do_create_program, mirror_protocol_releases
from openlead.programs.forms import installed_protocols
from openlead.programs.models import Program
from openlead.referrals import clock
from tests.conftest import World
from tests.programs.helpers import settings_post

pytestmark = pytest.mark.django_db(databases="__all__")

WHO = Actor.system("test")


def _release_protocol(source: str, version: str, effective: str, roles: str) -> str:
    """Seattle's file as another program ("release-lead") that asks for releases."""
    return (
        source.replace('id = "seattle-lead"', 'id = "release-lead"')
        .replace('name = "Seattle LEAD', 'name = "Release LEAD')
        .replace('version = "2020.1"', f'version = "{version}"')
        .replace("effective = 2020-01-01", f"effective = {effective}")
        .replace("to_confirm = [", f"release_required_for = {roles}\nto_confirm = [", 1)
    )


@pytest.fixture
def release_lead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Installed protocols: seattle-lead, and release-lead in two versions (2019.1 asks
    for the prosecutor's release, 2022.1 for the prosecutor's and the defender's)."""
    seattle = shipped_protocols()["seattle-lead"].read_text(encoding="utf-8")
    (tmp_path / "seattle-lead.toml").write_text(seattle, encoding="utf-8")
    newest = _release_protocol(seattle, "2022.1", "2022-01-01", '["prosecutor", "defender"]')
    (tmp_path / "release-lead.toml").write_text(newest, encoding="utf-8")
    older = tmp_path / "versions" / "release-lead" / "2019.1.toml"
    older.parent.mkdir(parents=True)
    older.write_text(
        _release_protocol(seattle, "2019.1", "2019-01-01", '["prosecutor"]'), encoding="utf-8"
    )
    monkeypatch.setattr(loader, "PROTOCOLS_DIR", tmp_path)
    monkeypatch.setattr(loader, "VERSIONS_DIR", tmp_path / "versions")
    installed_protocols.cache_clear()
    clock._versions.cache_clear()
    yield tmp_path
    installed_protocols.cache_clear()
    clock._versions.cache_clear()


def test_it_keeps_the_release_rule_of_a_program_without_a_protocol(release_lead: Path) -> None:
    program = Program(protocol_id="", release_required_for=["defender"])

    assert mirror_protocol_releases(program) == ["defender"]
    assert program.release_required_for == ["defender"]


def test_it_clears_the_rule_for_a_protocol_that_asks_for_no_release(release_lead: Path) -> None:
    program = Program(protocol_id="seattle-lead", release_required_for=["defender"])

    assert mirror_protocol_releases(program) == []


def test_it_mirrors_the_version_in_force_or_the_pinned_one(release_lead: Path) -> None:
    program = Program(protocol_id="release-lead")

    assert mirror_protocol_releases(program, on=dt.date(2020, 6, 1)) == ["prosecutor"]
    assert mirror_protocol_releases(program, on=dt.date(2024, 6, 1)) == ["prosecutor", "defender"]
    program.protocol_version = "2019.1"
    assert mirror_protocol_releases(program, on=dt.date(2024, 6, 1)) == ["prosecutor"]


def test_it_sets_the_rule_when_a_program_is_created(release_lead: Path) -> None:
    plain = do_create_program(acting=WHO, name="Plain LEAD", slug="plain")
    asking = do_create_program(
        acting=WHO, name="Asking LEAD", slug="asking", protocol_id="release-lead"
    )

    assert Program.objects.get(pk=plain.pk).release_required_for == []
    assert Program.objects.get(pk=asking.pk).release_required_for == ["prosecutor", "defender"]


def test_it_sets_and_clears_the_rule_from_the_settings_form(
    world: World, login: Any, release_lead: Path
) -> None:
    client, demo = login("ada"), world.programs["demo"]

    response = client.post(
        reverse("program_settings"),
        settings_post(protocol_id="release-lead", protocol_version="2019.1"),
    )

    assert response.status_code == 302
    assert Program.objects.get(pk=demo.pk).release_required_for == ["prosecutor"]
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.detail["program_settings"]["release_required_for"] == ["[]", "['prosecutor']"]

    response = client.post(reverse("program_settings"), settings_post(version=2))

    assert response.status_code == 302
    stored = Program.objects.get(pk=demo.pk)
    assert (stored.protocol_id, stored.release_required_for) == ("seattle-lead", [])


def test_it_offers_every_shipped_version_of_atlanta_in_the_settings(
    world: World, login: Any
) -> None:
    installed_protocols.cache_clear()
    atlanta = next(p for p in installed_protocols() if p.id == "atlanta-pad")
    assert atlanta.versions == ("2017.1", "2021.1")

    response = login("ada").post(
        reverse("program_settings"),
        settings_post(protocol_id="atlanta-pad", protocol_version="2017.1"),
    )

    assert response.status_code == 302
    stored = Program.objects.get(pk=world.programs["demo"].pk)
    assert (stored.protocol_id, stored.protocol_version) == ("atlanta-pad", "2017.1")
