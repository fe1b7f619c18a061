"""The scale benchmark's server: the product's settings as configured for production by
the environment (DEBUG off, PostgreSQL, persistent connections), plus the anchor.

BENCH_AUDIT=after (the default) serves with the product's audited backend; before serves with Django's stock PostgreSQL backend, as before issue 16: the
chain's lock is then taken at a request's first audited read and held to its commit
(openlead.access.chain.append inserts at once), timed by benchmarks/scale/stockdb.
BENCH_PROFILE=1 profiles one request in fifty (benchmarks/scale/profiling.py).
"""

import os

from openlead.settings import *  # noqa: F403
from openlead.settings import DATABASES, INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.scale"]
ROOT_URLCONF = "benchmarks.scale.urls"

# Both backends time the COMMIT under the lock (benchmarks/scale/commits.py).
if os.environ.get("BENCH_AUDIT") == "before":
    DATABASES["default"]["ENGINE"] = "benchmarks.scale.stockdb"
elif DATABASES["default"]["ENGINE"] == "openlead.access.db.postgresql":
    DATABASES["default"]["ENGINE"] = "benchmarks.scale.auditeddb"
if os.environ.get("BENCH_PROFILE"):
    MIDDLEWARE = ["benchmarks.scale.profiling.ProfileMiddleware", *MIDDLEWARE]
