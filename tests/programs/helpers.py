"""The program settings form's POST body, for the settings tests."""

from __future__ import annotations

from typing import Any


def settings_post(**changes: Any) -> dict[str, Any]:
    """A valid settings form for the world's demo program (Seattle, version in force),
    with `changes` on top."""
    data = {
        "name": "Test City LEAD",
        "time_zone": "America/Los_Angeles",
        "protocol_id": "seattle-lead",
        "protocol_version": "",
        "intake_window_days": 30,
        "caseload_average_limit": 20,
        "caseload_max": 25,
        "version": 1,
    }
    return {**data, **changes}
