"""Two versions of one protocol: Atlanta PAD before (2017.1) and after (2021.1) ATL311.

The newest version is protocols/<id>.toml; earlier ones are protocols/versions/<id>/.
The loader, `openlead protocol diff` and the referral screening all choose through
shipped_versions / in_force / pick_version."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from openlead.eligibility import (
    Outcome,
    ProtocolError,
    decide,
    in_force,
    load_protocol,
    loader,
    pick_version,
    shipped_protocols,
    shipped_versions,
)

COMMUNITY = {"door": "community", "as_of": "2019-06-01", "conduct": ["community_concern"]}


def test_it_ships_atlanta_in_two_versions_oldest_first() -> None:
    versions = shipped_versions("atlanta-pad")

    assert [(p.version, str(p.effective)) for p in versions] == [
        ("2017.1", "2017-10-01"),
        ("2021.1", "2021-01-01"),
    ]
    assert [list(p.doors) for p in versions] == [["arrest"], ["arrest", "community", "self"]]


@pytest.mark.parametrize("ident", ["seattle-lead", "santa-fe-lead", "atlanta-pad"])
def test_its_main_file_is_the_newest_version(ident: str) -> None:
    newest = shipped_versions(ident)[-1]

    assert newest.path == shipped_protocols()[ident]
    assert load_protocol(ident).version == newest.version


@pytest.mark.parametrize(
    ("day", "version"),
    [
        pytest.param(date(2017, 9, 30), "2017.1", id="before the first: the first"),
        pytest.param(date(2017, 10, 1), "2017.1", id="the day 2017.1 took effect"),
        pytest.param(date(2020, 12, 31), "2017.1", id="the day before ATL311"),
        pytest.param(date(2021, 1, 1), "2021.1", id="the day 2021.1 took effect"),
        pytest.param(date(2024, 5, 1), "2021.1", id="today's version"),
    ],
)
def test_it_picks_the_version_in_force_on_a_day(day: date, version: str) -> None:
    assert in_force(shipped_versions("atlanta-pad"), day).version == version
    assert load_protocol("atlanta-pad", on=day).version == version


def test_it_prefers_a_pinned_version_and_ignores_one_not_shipped() -> None:
    versions = shipped_versions("atlanta-pad")

    assert pick_version(versions, "2017.1", date(2024, 5, 1)).version == "2017.1"
    assert pick_version(versions, "", date(2024, 5, 1)).version == "2021.1"
    assert pick_version(versions, "2011.1", date(2019, 1, 1)).version == "2017.1"


def test_it_loads_one_version_by_name_or_id_at_version() -> None:
    assert load_protocol("atlanta-pad", version="2017.1").version == "2017.1"
    assert load_protocol("atlanta-pad@2017.1").version == "2017.1"
    assert load_protocol("atlanta-pad@2021.1").version == "2021.1"


def test_it_refuses_a_version_that_is_not_shipped() -> None:
    with pytest.raises(FileNotFoundError, match=r"no version '1999\.1' of protocol 'atlanta-pad'"):
        load_protocol("atlanta-pad@1999.1")
    with pytest.raises(FileNotFoundError):
        load_protocol("nowhere-lead@2017.1")


def test_it_decides_a_311_referral_by_the_version_in_force() -> None:
    before = decide(load_protocol("atlanta-pad", on=date(2019, 6, 1)), COMMUNITY)
    after = decide(load_protocol("atlanta-pad", on=date(2022, 6, 1)), COMMUNITY)

    assert before.outcome is Outcome.INELIGIBLE and before.protocol_version == "2017.1"
    assert after.protocol_version == "2021.1"
    assert after.outcome is not Outcome.INELIGIBLE  # the door is offered from 2021


def test_it_refuses_a_version_file_for_another_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "atlanta-pad.toml").write_text(
        shipped_protocols()["atlanta-pad"].read_text(encoding="utf-8"), encoding="utf-8"
    )
    stray = tmp_path / "versions" / "atlanta-pad" / "2017.1.toml"
    stray.parent.mkdir(parents=True)
    seattle = shipped_protocols()["seattle-lead"].read_text(encoding="utf-8")
    stray.write_text(seattle, encoding="utf-8")
    monkeypatch.setattr(loader, "PROTOCOLS_DIR", tmp_path)
    monkeypatch.setattr(loader, "VERSIONS_DIR", tmp_path / "versions")

    with pytest.raises(ProtocolError) as caught:
        shipped_versions("atlanta-pad")

    line = next(n for n, text in enumerate(seattle.splitlines(), 1) if text.startswith("id ="))
    assert str(caught.value) == (
        f"2017.1.toml, line {line}, key 'id': must be 'atlanta-pad' (its folder)"
    )
