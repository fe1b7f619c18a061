"""deploy/: the example environment names exactly the variables openlead reads, and the
systemd units and the proxy config name commands and settings that exist."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from openlead.cli import main
from tests.test_docs import _commands, _env_vars

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
VAR = re.compile(r"^#?\s*([A-Z][A-Z0-9_]+)=", re.M)


def test_the_env_example_names_exactly_the_variables_openlead_reads() -> None:
    named = VAR.findall((DEPLOY / ".env.example").read_text())
    assert len(named) == len(set(named)), "a variable is named twice"
    assert set(named) == _env_vars()


def _exec_commands() -> list[str]:
    found = []
    for unit in (DEPLOY / "systemd").glob("*.service"):
        for line in unit.read_text().splitlines():
            match = re.search(r"\.venv/bin/openlead ((?:[a-z][a-z-]* ?)+)", line)
            if line.startswith("ExecStart") and match:
                found.append("openlead " + match.group(1).strip())
    return found


def test_every_unit_runs_an_openlead_command_that_exists() -> None:
    commands = _commands(main, "openlead")
    used = _exec_commands()
    assert {"openlead serve", "openlead referrals lapse", "openlead audit anchor"} <= set(used)
    assert "openlead retention run" in used and "openlead backup" in used
    assert [c for c in used if c not in commands] == []


def test_every_service_has_its_timer_or_is_the_web_app() -> None:
    services = {p.stem for p in (DEPLOY / "systemd").glob("*.service")}
    timers = {p.stem for p in (DEPLOY / "systemd").glob("*.timer")}
    assert timers == services - {"openlead"}


def test_the_web_app_listens_on_loopback_only_behind_the_proxy() -> None:
    unit = (DEPLOY / "systemd" / "openlead.service").read_text()
    assert "--bind 127.0.0.1:8000" in unit and "--no-migrate" in unit
    proxy = (DEPLOY / "nginx" / "openlead.conf").read_text()
    assert "proxy_pass http://127.0.0.1:8000;" in proxy
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in proxy
    assert "proxy_set_header X-Forwarded-Proto https;" in proxy
    env = (DEPLOY / ".env.example").read_text()
    assert "\nOPENLEAD_TRUSTED_PROXY_HOPS=1\n" in env


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_proxy_config(tmp_path: Path) -> None:
    from tests.ops.proxy import nginx_config, self_signed

    cert, key = self_signed(tmp_path)
    conf = nginx_config(tmp_path, listen=18443, upstream=18000, cert=cert, key=key)
    done = subprocess.run(  # noqa: S603
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
