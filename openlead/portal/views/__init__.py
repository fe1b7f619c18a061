"""The portal's pages: the participant's own door (auth), their pages (pages, download)
and the care team's side on the casework page (staff)."""

from openlead.portal.views.auth import decoy, enrol, signin
from openlead.portal.views.download import download
from openlead.portal.views.pages import (
    correction,
    deletion,
    disclosures,
    home,
    notes,
    releases,
    revoke,
    safety,
    who_read,
)
from openlead.portal.views.staff import correction_done, issue_code

__all__ = [
    "correction",
    "correction_done",
    "decoy",
    "deletion",
    "disclosures",
    "download",
    "enrol",
    "home",
    "issue_code",
    "notes",
    "releases",
    "revoke",
    "safety",
    "signin",
    "who_read",
]
