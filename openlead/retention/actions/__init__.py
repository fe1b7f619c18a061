"""Every write of deletion requests, retention schedules and legal holds.

`request_deletion` keeps the name and signature the participant portal calls (branch
i14-portal): `request_deletion(person, *, acting, source, reason) -> DeletionRequest`.
"""

from openlead.retention.actions.requests import do_request_deletion, request_deletion

__all__ = ["do_request_deletion", "request_deletion"]
