"""Test settings: fixed fake keys for the suite, then the real settings module."""

import os

os.environ.setdefault("OPENLEAD_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("OPENLEAD_KEK", "test1:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")
os.environ.setdefault(
    "OPENLEAD_BLIND_INDEX_KEY", "bidx:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI="
)
os.environ.setdefault("OPENLEAD_SECURE_COOKIES", "0")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("OPENLEAD_KEYS_DATABASE_URL", "sqlite:///:memory:")

from openlead.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
AXES_ENABLED = True

import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# WhiteNoise wants STATIC_ROOT to exist; tests serve from the finders.
STATIC_ROOT = Path(tempfile.gettempdir()) / "openlead-test-static"
STATIC_ROOT.mkdir(exist_ok=True)

# In-memory databases cannot be shared with a subprocess: run linkage in the request.
OPENLEAD_LINKAGE_RUNNER = "inline"

# Evaluation runs as well; their outputs go to a scratch directory, not the repository's var/.
OPENLEAD_EVALUATION_RUNNER = "inline"
OPENLEAD_EVALUATION_DIR = Path(tempfile.mkdtemp(prefix="openlead-test-evaluations-"))
atexit.register(shutil.rmtree, OPENLEAD_EVALUATION_DIR, ignore_errors=True)

# pytest-django keeps an in-memory SQLite database in memory under xdist only when its
# ENGINE is Django's own sqlite3 string; for the audited engine (openlead.access.db.sqlite3)
# it would name each worker's test database "test_:memory:_gw0", a file, shared by the
# API fuzz tests' live server threads and closed under them. Saying so keeps it in memory.
for _db in DATABASES.values():  # noqa: F405
    if _db["NAME"] == ":memory:":
        _db["TEST"] = {**_db.get("TEST", {}), "NAME": ":memory:"}  # type: ignore[dict-item]
