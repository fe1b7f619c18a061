"""Database backends for the main database: Django's own, plus the audit chain's commit step.

`pending.AuditCommitMixin` holds a transaction's audit events until it commits, then
chains and inserts them under the chain's lock in the commit itself (issue 16). Settings
name these backends for the "default" alias only; the key store has no audit table.
"""
