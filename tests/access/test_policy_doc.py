"""docs/privacy.md carries the policy table generated from POLICY, and nothing else there."""

from __future__ import annotations

import dataclasses

import pytest

from openlead.access import policy, policy_doc
from openlead.access.policy import Capability
from openlead.access.roles import Role


def test_it_finds_the_document_in_step_with_the_policy() -> None:
    text = policy_doc.DOC.read_text(encoding="utf-8")
    assert policy_doc.rewrite(text) == text, (
        "docs/privacy.md differs from the policy: run python -m openlead.access.policy_doc --write"
    )
    assert policy_doc.main([]) == 0


def test_it_notices_a_policy_change_the_document_does_not_show(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = policy_doc.DOC.read_text(encoding="utf-8")
    rule = policy.POLICY[Role.POLICE_OFFICER]
    widened = dataclasses.replace(rule, capabilities=rule.capabilities | {Capability.SUPERVISE})
    monkeypatch.setitem(policy.POLICY, Role.POLICE_OFFICER, widened)
    assert policy_doc.rewrite(text) != text
    assert "| program admin, supervisor, police officer |" in policy_doc.render()


def test_it_lists_every_capability_with_its_holders() -> None:
    rendered = policy_doc.render()
    for capability in Capability:
        assert f"| `{capability.value}` | {policy.CAPABILITY_TEXT[capability]} |" in rendered
    assert "| `prosecutor_decision` | see the prosecutor's queue (arrests to review" in rendered
    assert rendered.count("\n| ") == len(Role) + len(Capability) + 2  # rows and two headers


def test_it_refuses_a_document_without_its_markers() -> None:
    with pytest.raises(ValueError, match="marker is missing"):
        policy_doc.rewrite("# Privacy model\n")
