"""How long the COMMIT itself takes while the chain lock is held (the WAL flush), for both
backends of the benchmark (benchmarks/scale/stockdb and auditeddb): the part of a hold
that no code change above the database can shorten."""

from openlead.access.db.pending import Samples

COMMITS = Samples()
