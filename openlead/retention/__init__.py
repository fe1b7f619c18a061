"""Deletion requests, retention schedules and legal holds (issue 14, item 3)."""
