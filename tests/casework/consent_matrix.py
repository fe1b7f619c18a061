"""Permission-matrix rows for the release-of-information URLs (issue 11, consent), registered
in tests/access/test_permission_matrix.py beside CASEWORK_MATRIX.

Recording, revoking, the summary and the accounting are the care team's: alice in her own
caseload, bob and ada program-wide, carol in her program (read casework, write LEGAL).
Outreach, police, prosecutor and defender in scope get 403 (they may not even see the
form); no scope (evaluator, auditor, sysadmin) or out of scope 404. The summary and the
revocation name a release: own and revoked have one (the world's police ROI), the others
ask for one that is not theirs, the same audited 404. POSTs carry no data: 400 (the form).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.casework.matrix import PERSON_RELATIONS, WRITE_RELATIONS, expect_read, expect_write
from tests.conftest import World

HAS_RELEASE = {"own", "revoked"}


def _named(expect: Any) -> Any:
    def expect_named(user: str | None, rel: str) -> int:
        status = int(expect(user, rel))
        return 404 if status in (200, 400) and rel not in HAS_RELEASE else status

    return expect_named


CONSENT_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "casework_consent_new": ("GET", PERSON_RELATIONS, expect_read),
    "casework_consent_summary": ("GET", PERSON_RELATIONS, _named(expect_read)),
    "casework_consent_revoke": ("GET", PERSON_RELATIONS, _named(expect_read)),
    "casework_consent_accounting": ("GET", PERSON_RELATIONS, expect_read),
}
# The POSTs go through the same gates; tried on three relations (the GETs try all five).
CONSENT_POSTS: dict[str, tuple[str, list[str], Any]] = {
    "casework_consent_new": ("POST", WRITE_RELATIONS, expect_write),
    "casework_consent_revoke": ("POST", ["own", "same", "other"], _named(expect_write)),
}


def consent_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    public_id = "doesNotExist123" if rel == "missing" else world.people[rel].public_id
    kwargs = {"public_id": public_id}
    if name in {"casework_consent_summary", "casework_consent_revoke"}:
        consent = world.consents.get(f"{rel}-police")
        kwargs["consent_id"] = consent.public_id if consent else "noSuchConsent1"
    return kwargs


def consent_pages(world: World) -> list[str]:
    """Every GET page of the release workflow, for the canary scans."""
    urls = []
    for key, person in world.people.items():
        kwargs = {"public_id": person.public_id}
        urls.append(reverse("casework_consent_new", kwargs=kwargs))
        urls.append(reverse("casework_consent_accounting", kwargs=kwargs))
        consent = world.consents.get(f"{key}-police")
        if consent is not None:
            named = {**kwargs, "consent_id": consent.public_id}
            urls.append(reverse("casework_consent_summary", kwargs=named))
            urls.append(reverse("casework_consent_revoke", kwargs=named))
    return urls
