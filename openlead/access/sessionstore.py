"""Django's database session store, with an expiry that never passes 10 h after login.

`last_seen` is written as requests come (at most once a minute), and each save would
move its database expiry to now + SESSION_COOKIE_AGE: the absolute limit slid
(issue 12, point 4). Here the expiry is capped at the login time plus the limit, so a
session row dies on time even if the middleware were bypassed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db

# Also in access.signals (which writes it at login) and access.middleware (which reads it).
LOGIN_AT = "login_at"


class SessionStore(db.SessionStore):
    def get_expiry_date(self, **kwargs: Any) -> dt.datetime:
        sliding = super().get_expiry_date(**kwargs)
        login_at = self.get(LOGIN_AT)
        if not isinstance(login_at, int):
            return sliding
        limit = dt.datetime.fromtimestamp(
            login_at + settings.OPENLEAD_SESSION_ABSOLUTE_SECONDS, tz=dt.UTC
        )
        return min(sliding, limit)
