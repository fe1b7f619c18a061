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
from openlead.portal.views.passkey import register as passkey_register
from openlead.portal.views.passkey import register_options as passkey_new_options
from openlead.portal.views.passkey import remove as passkey_remove
from openlead.portal.views.passkey import signin as passkey_signin
from openlead.portal.views.passkey import signin_options as passkey_signin_options
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
    "passkey_new_options",
    "passkey_register",
    "passkey_remove",
    "passkey_signin",
    "passkey_signin_options",
    "releases",
    "revoke",
    "safety",
    "signin",
    "who_read",
]
