"""Whom the justice roles (police, prosecutor, defender) may see at all (issue 13).

A justice role sees a participant only while it has a relation to that person's case:
- police: an arrest or social-contact referral by their agency;
- prosecutor: an open case naming the person, brought by their office, or an arrest
  referral sent to the prosecutor (returned on lapse, lapsed and not yet marked, or
  sent for the review some protocols ask for);
- defender: assigned as counsel on one of the person's cases.

A release is the participant's own choice, and it matters three ways:
- a person who came only through the community or self doors is invisible to every
  justice role, whatever their relation, unless they signed a release naming that office
  (or role): the self-referral page promises that nothing sent there reaches police or
  prosecutors;
- where the program's protocol requires a release for a role
  (Program.release_required_for), the relation counts only under an active release;
- for the defender, a release naming their office is a relation of its own (the person
  asked for their counsel); for police and prosecutors it is not: a multi-party release
  decides what they see of a person their case relates to, not whom they see.

access sits below the apps that hold the relations (referrals, legal), so it names their
tables by app label instead of importing them; tests/access/test_justice_scope.py pins
each relation and each rule, and tests/legal/test_models.py the status values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import Membership
from openlead.access.roles import Role
from openlead.people.models import ConsentRelease

# The police doors (referrals.models.Door); the community and self doors are the others.
ENFORCEMENT_DOORS = ("arrest", "social_contact")
# legal.models.OPEN_CASE_STATUSES: a case "names the person" while it is open.
OPEN_CASE_STATUSES = ("pending", "filed", "abeyance")


def _referrals() -> QuerySet[Any]:
    return cast("QuerySet[Any]", apps.get_model("referrals", "Referral").objects.all())


def _cases() -> QuerySet[Any]:
    return cast("QuerySet[Any]", apps.get_model("legal", "LegalCase").objects.all())


def _people_in(rows: QuerySet[Any]) -> Q:
    return Q(pk__in=rows.values("person_id"))


def releases_naming(actor: Actor, today: dt.date) -> Q:
    """The filter over ConsentRelease for the releases active `today` that name this actor's
    office or role: ConsentRelease.is_active as one query. access.helpers.active_consents
    (which groups a release opens) and release_naming (whom it opens) both use it."""
    recipient = Q(recipient_organization_id=actor.membership.organization_id) | Q(
        recipient_role=actor.role
    )
    unexpired = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    return recipient & unexpired & Q(revoked_at__isnull=True, starts_on__lte=today)


def release_naming(actor: Actor, today: dt.date) -> Q:
    """People with an active release naming this actor's office or role."""
    return _people_in(ConsentRelease.objects.filter(releases_naming(actor, today)))


def came_through_enforcement(program_id: int) -> Q:
    """People with an arrest or social-contact referral, or referred by a police officer
    (Person.referred_by, set by those doors before referrals carried the person)."""
    police = Membership.objects.filter(program_id=program_id, role=Role.POLICE_OFFICER)
    door = _referrals().filter(program_id=program_id, door__in=ENFORCEMENT_DOORS)
    return _people_in(door) | Q(referred_by__in=police.values("user_id"))


def prosecutor_desk(now: dt.datetime) -> Q:
    """The filter over Referral for the arrests on the prosecutor's desk: returned, lapsed
    and not yet marked by the lapse job, or sent for review at screening. The one
    definition: referrals.access.referral_scope lists these referrals to the prosecutor,
    and case_relation opens their people, so the two can never disagree. Arrests only: a
    social-contact or community referral has no arrest to file."""
    lapsed = Q(status="awaiting_intake", intake_deadline__lt=now)
    desk = Q(returned_at__isnull=False) | Q(prosecutor_review_at__isnull=False) | lapsed
    return desk & Q(door="arrest")


def case_relation(actor: Actor, now: dt.datetime) -> Q:
    """The role's own relation to the person's case (the module docstring lists them)."""
    program_id, office = actor.program_id, actor.membership.organization_id
    if actor.role == Role.POLICE_OFFICER:
        agency = _referrals().filter(
            program_id=program_id, door__in=ENFORCEMENT_DOORS, referrer_organization_id=office
        )
        colleagues = Membership.objects.filter(
            program_id=program_id, organization_id=office, role=Role.POLICE_OFFICER
        )
        return _people_in(agency) | Q(referred_by__in=colleagues.values("user_id"))
    if actor.role == Role.PROSECUTOR:
        cases = _cases().filter(
            program_id=program_id, status__in=OPEN_CASE_STATUSES, prosecutor_office_id=office
        )
        desk = _referrals().filter(prosecutor_desk(now), program_id=program_id)
        return _people_in(cases) | _people_in(desk)
    if actor.role == Role.DEFENDER:
        return _people_in(_cases().filter(program_id=program_id, defender_id=actor.user.pk))
    return Q(pk__in=[])


def justice_visible(actor: Actor, now: dt.datetime | None = None) -> Q:
    """The filter over Person for a justice role: see the module docstring."""
    at = now or timezone.now()
    released = release_naming(actor, timezone.localdate(at))
    related = case_relation(actor, at)
    if actor.role == Role.DEFENDER:
        related |= released
    visible = related & (came_through_enforcement(actor.program_id) | released)
    if actor.role in _release_required(actor):
        visible &= released
    return visible


def _release_required(actor: Actor) -> frozenset[str]:
    program = actor.chosen.program if actor.chosen is not None else None
    if program is None or program.pk != actor.program_id:
        program = apps.get_model("programs", "Program").objects.get(pk=actor.program_id)
    return frozenset(program.release_required_for or [])
