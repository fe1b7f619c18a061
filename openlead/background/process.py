"""The launcher: the detached `python -m openlead ...` process that does a run's work."""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading

from django.conf import settings
from django.db import transaction

from openlead.background.actions import do_stop_run
from openlead.background.models import BackgroundRun


def launch_run(
    run: BackgroundRun, *, args: list[str], what: str, runner_setting: str, worker: str
) -> None:
    """Start the run's work once its row is committed: `python -m openlead ARGS`, detached,
    so no web worker waits on it. Where `settings.<runner_setting>` is "inline" (tests: an
    in-memory database cannot be shared with another process), `worker` ("module:function",
    called with the run's public id) does the same work right here instead.

    The worker is named rather than imported, as the command line names its commands:
    only the `openlead` command imports a worker module, so the actions that start runs
    never depend on the code that executes them."""
    if getattr(settings, runner_setting, "subprocess") == "inline":
        module, name = worker.split(":")
        getattr(importlib.import_module(module), name)(run.public_id)
        return
    transaction.on_commit(lambda: spawn_run_process(run, args, what))


def spawn_run_process(run: BackgroundRun, args: list[str], what: str) -> None:
    """`python -m openlead ARGS` detached from the web worker; a failed start stops the run."""
    try:
        # stderr stays the server's, so a failed run's traceback lands in the service log.
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [sys.executable, "-m", "openlead", *args],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
    except OSError as exc:
        do_stop_run(run, f"The {what} process could not start ({exc.strerror}).")
        return
    # Reap the child when it ends, so finished runs leave no zombie process behind.
    threading.Thread(target=process.wait, daemon=True).start()
