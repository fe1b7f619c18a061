"""`openlead audit verify`, `openlead audit anchor` and `openlead audit keygen`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from rich.console import Console

    from openlead.access.anchor import Anchor, Finding

from openlead import django_setup


# Defaults for the options below, read when a command runs, so a systemd timer or a cron
# line needs no arguments.
def _env_key() -> str:
    return os.environ.get("OPENLEAD_AUDIT_ANCHOR_KEY", "")


def _env_file() -> str:
    return os.environ.get("OPENLEAD_AUDIT_ANCHOR_FILE", "")


def _env_public_key() -> str:
    return os.environ.get("OPENLEAD_AUDIT_ANCHOR_PUBLIC_KEY", "")


@click.group()
def audit() -> None:
    """Check the hash-chained audit log and anchor it outside the database."""


@audit.command()
@click.option(
    "--anchors",
    "anchor_file",
    default=_env_file,
    help="Anchor log written by `openlead audit anchor` [env OPENLEAD_AUDIT_ANCHOR_FILE].",
)
@click.option(
    "--public-key",
    default=_env_public_key,
    help="The anchor key's public half (FILE.pub) [env OPENLEAD_AUDIT_ANCHOR_PUBLIC_KEY].",
)
def verify(anchor_file: str, public_key: str) -> None:
    """Recompute the audit chain, check it against every anchor, name the first bad seq."""
    from openlead.access.anchor import read_anchors

    public = _public_key(anchor_file, public_key)
    anchors: list[Anchor] = []
    findings: list[Finding] = []
    if public is not None:
        # Read before the (long) chain check, so a wrong path fails at once.
        try:
            anchors, findings = read_anchors(Path(anchor_file), public)
        except OSError as exc:
            raise django_setup.UsageError(f"--anchors {anchor_file}: {exc.strerror}") from None
    django_setup.setup()
    from openlead.access.anchor import check_anchors, current_head

    checked, chain = _chain_findings()
    findings += chain
    if public is not None:
        findings += check_anchors(anchors, current_head()[0])
    if findings:
        first = min(f.seq for f in findings)
        for finding in sorted(findings, key=lambda f: f.seq):
            click.echo(f"BROKEN: {finding.message}")
        click.echo(f"first bad sequence number: {first}")
        sys.exit(1)
    _report_ok(checked, anchor_file if public is not None else "", anchors)


def _public_key(anchor_file: str, public_key: str) -> Ed25519PublicKey | None:
    from openlead.access.anchor import AnchorKeyError, load_public_key

    if not anchor_file:
        return None
    if not public_key:
        raise django_setup.UsageError(
            "--public-key (or OPENLEAD_AUDIT_ANCHOR_PUBLIC_KEY) is needed to check the anchors"
        )
    try:
        return load_public_key(Path(public_key))
    except AnchorKeyError as exc:
        raise django_setup.UsageError(f"--public-key {exc}") from None


def _chain_findings() -> tuple[int, list[Finding]]:
    from rich.progress import Progress

    from openlead.access.anchor import Finding
    from openlead.access.audit import verify as verify_chain
    from openlead.access.models import AuditEvent

    total = AuditEvent.objects.count()
    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("verifying audit chain", total=total)
        result = verify_chain(progress=lambda n: progress.advance(task, n))
    if result.first_broken_seq is None:
        return result.checked, []
    return result.checked, [
        Finding(
            result.first_broken_seq,
            f"chain broken at sequence number {result.first_broken_seq}: {result.reason} "
            f"({result.checked} events before it verified)",
        )
    ]


def _report_ok(checked: int, anchor_file: str, anchors: list[Anchor]) -> None:
    click.echo(f"ok: {checked} events verified, chain intact")
    if not anchor_file:
        click.echo(
            "note: no anchor log given (--anchors), so a cut tail or a rewrite with "
            "recomputed hashes would not show; see docs/operations.md"
        )
        return
    click.echo(f"ok: {len(anchors)} anchors in {anchor_file} match the chain")
    if anchors:
        # A stalled anchor job widens the window a rewrite goes unnoticed: say how wide.
        newest = max(anchors, key=lambda a: a.seq)
        click.echo(
            f"newest anchor: seq {newest.seq} at {newest.at}; events after it are not anchored yet"
        )


@audit.command()
@click.option(
    "--key",
    default=_env_key,
    help="Ed25519 private key (PEM) [env OPENLEAD_AUDIT_ANCHOR_KEY].",
)
@click.option(
    "--out",
    default=_env_file,
    help="Append-only anchor log [env OPENLEAD_AUDIT_ANCHOR_FILE].",
)
def anchor(key: str, out: str) -> None:
    """Append the signed head of the audit chain (seq and hash) to the anchor log."""
    from django.utils import timezone

    from openlead.access.anchor import AnchorKeyError, anchor_line, append_line, load_private_key

    if not key or not out:
        missing = (
            "--key (or OPENLEAD_AUDIT_ANCHOR_KEY)"
            if not key
            else "--out (or OPENLEAD_AUDIT_ANCHOR_FILE)"
        )
        raise django_setup.UsageError(f"{missing} is not set")
    try:
        private = load_private_key(Path(key))
    except AnchorKeyError as exc:
        raise django_setup.UsageError(f"--key {exc}") from None
    django_setup.setup()
    from django.db import DatabaseError

    from openlead.access.anchor import current_head

    try:
        seq, head = current_head()
    except DatabaseError as exc:  # not migrated, no access: say so rather than a traceback
        raise django_setup.UsageError(f"the audit log cannot be read: {exc}") from None
    line = anchor_line(seq, head, private, timezone.now())
    try:
        append_line(Path(out), line)
    except OSError as exc:
        raise django_setup.UsageError(f"--out {out}: {exc.strerror}") from None
    click.echo(f"anchored seq {seq} ({head[:16]}...) in {out}")
    click.echo(line)  # last line: for `| logger` to ship a copy to remote syslog


@audit.command()
@click.argument("private_key", type=click.Path(dir_okay=False, path_type=Path))
def keygen(private_key: Path) -> None:
    """Write a new Ed25519 anchor key pair: PRIVATE_KEY (mode 0600) and PRIVATE_KEY.pub."""
    from openlead.access.anchor import AnchorKeyError, write_key_pair

    try:
        public = write_key_pair(private_key)
    except AnchorKeyError as exc:
        raise django_setup.UsageError(str(exc)) from None
    click.echo(f"wrote {private_key} (keep it off the database host) and {public}")


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)
