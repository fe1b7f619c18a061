"""The environment of an openlead process a test starts (`openlead import ...`,
`python -m openlead link-program --run ...`): fixed fake keys and file databases, which
the test process and the child can both open (in-memory ones cannot be shared)."""

from __future__ import annotations

import os
from pathlib import Path


def process_env(tmp: Path, database_url: str = "", keys_url: str = "") -> dict[str, str]:
    """Without URLs: SQLite files data.sqlite3 and keys.sqlite3 in `tmp`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENLEAD_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="openlead.settings",
        OPENLEAD_SECRET_KEY="child-process-test-secret-key-0123456789abcdef",
        OPENLEAD_KEK="c1:" + "Q1JBU0hDUkFTSENSQVNIQ1JBU0hDUkFTSENSQVNIQ1I=",
        OPENLEAD_BLIND_INDEX_KEY="b:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=",
        OPENLEAD_DATA_DIR=str(tmp),
        DATABASE_URL=database_url or f"sqlite:///{tmp / 'data.sqlite3'}",
        OPENLEAD_KEYS_DATABASE_URL=keys_url or f"sqlite:///{tmp / 'keys.sqlite3'}",
    )
    return env
