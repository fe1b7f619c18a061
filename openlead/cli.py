"""The one `openlead` console script.

Subcommand groups live beside the code they drive and are imported only when used, so
`openlead --help` stays fast and the pure packages never pull in Django.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# name -> "module:attribute" of a click command or group.
LAZY_COMMANDS: dict[str, str] = {
    "serve": "openlead.commands.web:serve",
    "demo": "openlead.commands.web:demo",
    "demo-code": "openlead.commands.web:demo_code",
    "migrate": "openlead.commands.web:migrate",
    "audit": "openlead.commands.audit:audit",
    "backup": "openlead.commands.backup:backup",
    "restore": "openlead.commands.backup:restore",
    "keys": "openlead.commands.keys:keys",
    "protocol": "openlead.eligibility.cli:protocol",
    "evaluate": "openlead.evaluation.cli:evaluate",
    "link": "openlead.linkage.cli:link",
    "dedupe": "openlead.linkage.cli:dedupe",
    "referrals": "openlead.referrals.cli:referrals",
    "retention": "openlead.retention.cli:retention",
    "import": "openlead.records.cli:import_group",
    "link-program": "openlead.records.cli:link_program",
    "evaluate-extract": "openlead.reports.cli:evaluate_extract",
    "evaluate-program": "openlead.reports.cli:evaluate_program",
    "export": "openlead.hmis.cli:export",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attr = target.split(":")
        command: Any = getattr(importlib.import_module(module_name), attr)
        return command  # type: ignore[no-any-return]


@click.group(cls=LazyGroup)
@click.version_option(package_name="openlead")
def main() -> None:
    """openlead: referrals, casework, coordination and evaluation for LEAD programs."""
