"""Settings come only from the environment, and bad or missing ones stop the service."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from openlead.cli import main
from openlead.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "OPENLEAD_SECRET_KEY": "s3cr3t-Jq8vRt2mWz9Lp4Xc7Nb1Hd6Ky0Fg5Ts8Ue3Wa2Qi-not-for-production",
    "OPENLEAD_KEK": "k1:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=",
    "OPENLEAD_BLIND_INDEX_KEY": "b1:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=",
}


def _without(name: str) -> dict[str, str]:
    return {k: v for k, v in GOOD.items() if k != name}


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_it_refuses_to_start_without_each_required_variable(missing: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=missing):
        load_config({**_without(missing), "OPENLEAD_DATA_DIR": str(tmp_path)})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("OPENLEAD_KEK", "no-colon", "OPENLEAD_KEK must look like KEYID:BASE64"),
        ("OPENLEAD_KEK", "k1:not*base64", "not valid base64"),
        ("OPENLEAD_KEK", "k1:QUJD", "must be 32 bytes"),
        (
            "OPENLEAD_SESSION_IDLE_MINUTES",
            "soon",
            "OPENLEAD_SESSION_IDLE_MINUTES must be a whole number",
        ),
        ("OPENLEAD_LOCKOUT_FAILURES", "0", "OPENLEAD_LOCKOUT_FAILURES must be at least 1"),
        ("OPENLEAD_KEK_FILE", "/nonexistent/kek", "OPENLEAD_KEK_FILE"),
    ],
)
def test_it_names_the_bad_variable(name: str, value: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config({**GOOD, name: value, "OPENLEAD_DATA_DIR": str(tmp_path)})


def test_it_keeps_debug_off_and_cookies_secure_by_default(tmp_path: Path) -> None:
    config = load_config({**GOOD, "OPENLEAD_DATA_DIR": str(tmp_path)})
    assert (config.debug, config.demo, config.secure_cookies) == (False, False, True)


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_it_generates_no_keys_for_debug_alone(missing: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=f"{missing} is not set"):
        load_config({**_without(missing), "DEBUG": "1", "OPENLEAD_DATA_DIR": str(tmp_path)})
    assert not (tmp_path / "demo-keys.json").exists()


def test_it_refuses_to_seed_the_demo_with_debug_alone(settings: Any) -> None:
    settings.DEBUG, settings.OPENLEAD_DEMO = True, False
    result = CliRunner().invoke(main, ["demo", "--people", "3"])
    assert result.exit_code == 2, result.output
    assert "openlead demo runs only with OPENLEAD_DEMO=1" in result.output


def test_it_generates_and_keeps_demo_keys_only_in_demo_mode(tmp_path: Path) -> None:
    first = load_config({"OPENLEAD_DEMO": "1", "OPENLEAD_DATA_DIR": str(tmp_path)})
    second = load_config({"OPENLEAD_DEMO": "1", "OPENLEAD_DATA_DIR": str(tmp_path)})
    assert first.keks == second.keks and first.secret_key == second.secret_key
    assert (tmp_path / "demo-keys.json").stat().st_mode & 0o777 == 0o600


def test_it_reads_retired_keys_for_rotation(tmp_path: Path) -> None:
    old = "k0:" + "T0xET0xET0xET0xET0xET0xET0xET0xET0xET0xET0w="
    config = load_config({**GOOD, "OPENLEAD_RETIRED_KEKS": old, "OPENLEAD_DATA_DIR": str(tmp_path)})
    assert config.kek_id == "k1" and set(config.keks) == {"k1", "k0"}


def _clean_env(tmp_path: Path) -> dict[str, str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production check.
    dropped = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("OPENLEAD_") and k not in dropped
    }
    env["OPENLEAD_DATA_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "openlead.settings"
    return env


def test_it_exits_2_naming_the_variable_when_serve_lacks_a_key(tmp_path: Path) -> None:
    env = {**_clean_env(tmp_path), **_without("OPENLEAD_KEK")}
    result = subprocess.run(
        [sys.executable, "-m", "openlead", "serve"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "OPENLEAD_KEK is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_passes_the_deployment_checklist_on_production_settings(tmp_path: Path) -> None:
    env = {**_clean_env(tmp_path), **GOOD, "OPENLEAD_ALLOWED_HOSTS": "lead.example.org"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
