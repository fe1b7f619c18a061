"""`openlead serve` starts gunicorn without its shared default control socket."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from gunicorn.config import Config

from openlead.cli import main
from openlead.commands.web import gunicorn_command


def _parsed(argv: list[str]) -> Config:
    """The options as gunicorn itself reads them (an unknown option exits)."""
    config = Config()
    namespace = config.parser().parse_args(argv)
    for name, value in vars(namespace).items():
        if value is not None and name != "args":
            config.set(name.lower(), value)
    return config


def test_it_refuses_an_unknown_gunicorn_option() -> None:
    with pytest.raises(SystemExit):
        _parsed(["--no-such-option"])


def test_it_turns_the_control_socket_off() -> None:
    command = gunicorn_command("127.0.0.1:8123", 3)
    assert command[1:4] == ["-m", "gunicorn", "openlead.wsgi:application"]
    config = _parsed(command[4:])
    assert config.control_socket_disable is True
    assert (config.bind, config.workers) == (["127.0.0.1:8123"], 3)
    assert Config().control_socket_disable is False  # gunicorn's default, for contrast


@pytest.mark.django_db(databases="__all__")
def test_it_execs_gunicorn_with_that_command(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, list[str]]] = []

    def fake_execv(path: str, args: list[str]) -> Any:
        calls.append((path, args))

    monkeypatch.setattr("openlead.commands.web.os.execv", fake_execv)
    result = CliRunner().invoke(main, ["serve", "--no-migrate", "--bind", "127.0.0.1:8124"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    assert calls[0][1] == gunicorn_command("127.0.0.1:8124", 2)
    assert "--no-control-socket" in calls[0][1]
