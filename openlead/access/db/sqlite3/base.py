"""SQLite, with the audit chain's commit step (openlead.access.db.pending)."""

from django.db.backends.sqlite3 import base

from openlead.access.db.pending import AuditCommitMixin


class DatabaseWrapper(AuditCommitMixin, base.DatabaseWrapper):
    pass
