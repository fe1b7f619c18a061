"""Ending a user's sessions everywhere (ASVS 7.4.2, 7.4.5; security-bar test 8).

Sessions live in the database with no user column, so instead of hunting them down we
change what they were signed with: the session hash includes `User.session_epoch`, and
Django's auth middleware flushes a session whose hash no longer matches.
"""

from __future__ import annotations

from django.db.models import F

from openlead.access.models import User


def end_sessions_of(user: User) -> None:
    """Every session of `user`, on every device, ends at its next request."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
