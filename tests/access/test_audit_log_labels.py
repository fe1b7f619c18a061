"""The audit log page names roles and field groups in words, never their codes (issue 11)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.templatetags.labels import group_labels, role_label
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_labels_roles_and_groups() -> None:
    assert role_label("case_manager") == "Case manager"
    assert role_label("") == "System"
    assert role_label("retired_role") == "retired_role"  # an old code is shown, never a 500
    assert group_labels(["enrollment_status", "cm_contact"]) == (
        "Enrollment status, Case manager's work contact"
    )


def test_it_shows_the_labels_on_the_audit_log(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    client.get(reverse("person_detail", kwargs={"public_id": world.people["own"].public_id}))
    client.force_login(world.users["bob"])
    page = client.get(reverse("audit_log")).content.decode()
    assert "<td>Case manager</td>" in page and "<td>case_manager</td>" not in page
    assert "Enrollment status" in page and "enrollment_status" not in page
