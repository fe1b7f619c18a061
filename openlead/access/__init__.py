"""The privacy core: who may see and do what, the audit log and field encryption.

Views and APIs read participant data only through this package: `require` for a
capability, `get_for` for one object, `audited_list` for a list page, and the people
helpers in `openlead.access.helpers`. Actions take one `acting: Actor`.

The names are loaded on first use, because Django imports this package before its
models are ready.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Actor", "Capability", "audited_list", "current_actor", "get_for", "require"]


def __getattr__(name: str) -> Any:
    if name in ("Actor", "current_actor"):
        from openlead.access import acting

        return getattr(acting, name)
    if name == "Capability":
        from openlead.access import policy

        return policy.Capability
    if name in ("get_for", "audited_list"):
        from openlead.access import getters

        return getattr(getters, name)
    if name == "require":
        from openlead.access import helpers

        return helpers.require
    raise AttributeError(name)
