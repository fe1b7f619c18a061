"""Docs checked by tests: every environment variable and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click

from openlead.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SOURCES = [ROOT / "openlead" / "config.py", ROOT / "openlead" / "settings.py"]
ENV_PATTERN = re.compile(
    r"""env(?:_bool|_int|_list|_networks)?(?:\(env, |\.get\()"([A-Z][A-Z0-9_]+)"|_required\(env, fallback, "([A-Z][A-Z0-9_]+)"\)|os\.environ(?:\.get\(|\[)"([A-Z][A-Z0-9_]+)"""
)


def _env_vars() -> set[str]:
    found: set[str] = set()
    for path in [*SOURCES, *(ROOT / "openlead").rglob("*.py")]:
        for match in ENV_PATTERN.finditer(path.read_text()):
            found.update(g for g in match.groups() if g)
    return found - {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _commands(group: click.Group, prefix: str) -> list[str]:
    ctx = click.Context(group)
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            paths.extend(_commands(command, path))
        else:
            paths.append(path)
    return paths


def test_it_finds_the_settings_it_checks() -> None:
    assert {"OPENLEAD_KEK", "OPENLEAD_SECRET_KEY", "DATABASE_URL", "DEBUG"} <= _env_vars()


def test_it_documents_every_environment_variable() -> None:
    text = (DOCS / "configuration.md").read_text()
    missing = sorted(v for v in _env_vars() if f"`{v}`" not in text)
    assert missing == [], "document these in docs/configuration.md"


def test_it_documents_every_cli_command() -> None:
    text = "\n".join(p.read_text() for p in DOCS.rglob("*.md"))
    commands = _commands(main, "openlead")
    assert "openlead serve" in commands and "openlead audit verify" in commands
    missing = [c for c in commands if c not in text]
    assert missing == [], "document these commands in docs/"


def test_it_opens_the_readme_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text().splitlines()[:15]
    assert any("make run" in line for line in head) and any("make test" in line for line in head)


def test_it_maps_every_package_and_names_only_paths_that_exist() -> None:
    """CONTRIBUTING.md's map of where new code goes must match the tree (issue 10)."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    map_block = text.split("```", 2)[1]
    packages = {p.name for p in (ROOT / "openlead").iterdir() if (p / "__init__.py").exists()} - {
        "commands",
        "templatetags",
    }
    mapped = set(re.findall(r"\b([a-z_]+)/", map_block))
    assert packages - mapped == set(), "add these packages to the map in CONTRIBUTING.md"
    for path in re.findall(r"`(openlead/[\w/.]+|tests/[\w/.]+|\.importlinter)`", text):
        assert (ROOT / path).exists(), f"CONTRIBUTING.md names {path}, which does not exist"
