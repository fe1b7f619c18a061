"""The public door's reads (no login): which programs take self-referrals, and what the
thanks page shows. Program settings only, never a person's data, so nothing is audited."""

from __future__ import annotations

from django.db.models import QuerySet

from openlead.programs.models import Program
from openlead.programs.public_door import CrisisLine, crisis_lines
from openlead.referrals.clock import program_protocol
from openlead.referrals.models import Door

# The session key that carries the reference from the accepted post to the thanks page:
# popped there, so it is shown once and is never in a URL someone else could reuse.
REFERENCE_KEY = "self_referral_reference"


def takes_self_referrals(program: Program) -> bool:
    """The self door is open unless the program's protocol leaves it out (a program with
    no protocol yet still takes the message: screening waits, the person is heard)."""
    protocol = program_protocol(program)
    return protocol is None or Door.SELF in protocol.doors


def self_door_programs() -> list[Program]:
    """Every program a person can refer themself to, by name."""
    programs: QuerySet[Program] = Program.objects.order_by("name")
    return [program for program in programs if takes_self_referrals(program)]


def program_crisis_lines(program: Program) -> list[CrisisLine]:
    return crisis_lines(program.crisis_lines or "")
