"""Who may give whom which role: separation of duties over the policy table.

The rule that closes issue 12's critical finding: no sequence of account requests lets
an actor reach more participant data than their own role reads. Concretely:

- A *data role* is any role whose rule reads a field group, covers participant records
  (scope other than none) or holds a capability over participant data. Only the system
  administrator's role is data-free: it runs the system and reads nothing.
- The sysadmin may create accounts and give them data-free roles only. A data role is
  requested by a program admin of that program and works only once a *second* program
  admin approves it (two-person rule). The requester can never approve their own grant.
- Handing an account a new way in (a set-password link) or reactivating it is refused
  unless the actor already covers every data role the account holds: otherwise a
  sysadmin could reset a case manager's password and sign in as them.
"""

from __future__ import annotations

from collections.abc import Iterable

from openlead.access.policy import POLICY, Capability, Rule, rule_for
from openlead.access.roles import Role, Scope

# Running accounts is the one capability that reads nothing about participants.
DATA_FREE_CAPABILITIES = frozenset({Capability.MANAGE_USERS})


def is_data_role(role: str) -> bool:
    rule = POLICY[Role(role)]
    # Every other capability (search, supervise, audit log, evaluations, ...) touches
    # participants; new ones count as data capabilities unless listed above.
    oversight = bool(rule.capabilities - DATA_FREE_CAPABILITIES)
    return bool(rule.read or rule.write) or rule.scope != Scope.NONE or oversight


DATA_FREE_ROLES = frozenset(r for r in Role if not is_data_role(r))


def grants_directly(granter: Rule, role: str) -> bool:
    """A grant that takes effect at once: account managers give data-free roles only."""
    return granter.has(Capability.MANAGE_USERS) and role in DATA_FREE_ROLES


def may_request(granter_role: str, role: str) -> bool:
    """Only a program admin asks for a data role; a second program admin must approve."""
    return rule_for(granter_role).has(Capability.GRANT_DATA_ROLES) and Role(role) in Role


def may_approve(approver_role: str) -> bool:
    return rule_for(approver_role).has(Capability.GRANT_DATA_ROLES)


def covers(actor_role: str, actor_program_id: int, memberships: Iterable[tuple[str, int]]) -> bool:
    """Whether the actor already reaches everything these (role, program) memberships read.

    A program admin reaches every role of their own program; a data-free account manager
    reaches only data-free roles. Memberships in other programs are never covered.
    """
    for role, program_id in memberships:
        if role in DATA_FREE_ROLES:
            continue
        if (
            not rule_for(actor_role).has(Capability.GRANT_DATA_ROLES)
            or program_id != actor_program_id
        ):
            return False
    return True
