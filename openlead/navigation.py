"""The menu in every page's header (issue 11, "8. Everywhere"): the pages a role uses.

Each link is derived from the policy table (the role's capabilities and field-group
scope), the same facts the pages themselves check, so the menu cannot offer a page the
role would be refused (tests/test_navigation.py opens every link as every role).
`NavigationMiddleware` puts a lazy `request.menu` on each request; base.html reads
`request.menu.links` through the request context processor, so no view has to pass it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from openlead.access.acting import chosen_membership
from openlead.access.policy import Capability as C
from openlead.access.policy import Rule, rule_for
from openlead.access.roles import FieldGroup, Scope

Handler = Callable[[HttpRequest], HttpResponse]
REFER = (C.REFER_BY_ARREST, C.REFER_BY_SOCIAL_CONTACT, C.REFER_COMMUNITY, C.RECORD_SELF_REFERRAL)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


def _people_label(rule: Rule) -> str:
    # One name per list (issue 11: an officer saw "Referrals" and "My referrals", a case
    # manager "My caseload" and "Caseload today"): the referral list is the officer's
    # "My referrals", the casework list the case manager's "My caseload".
    if rule.lists_own_referrals:
        return "People I referred"
    return "Find a person" if rule.has(C.SEARCH_PEOPLE) else "People"


def _caseload_label(rule: Rule) -> str:
    return "My caseload" if rule.scope == Scope.OWN_CASELOAD else "Caseload today"


def _sees_referrals(rule: Rule) -> bool:
    """referrals.access.can_list, on the rule: referrers, the prosecutor, the workgroup."""
    return (
        rule.lists_own_referrals or rule.has(C.PROSECUTOR_DECISION) or rule.has(C.SEE_INTAKE_CLOCK)
    )


def entries(rule: Rule) -> list[tuple[str, str]]:
    """(label, url name) of the pages this rule opens. The labels are the ones the home
    page has always used (people know them, and the browser tests click them)."""
    found: list[tuple[str, str]] = [("Home", "home")]
    if rule.has(C.DEFEND_CLIENTS):  # the defender's landing page (openlead.legal.defense)
        found.append(("Clients", "defense_clients"))
    if any(rule.has(door) for door in REFER):
        found.append(("New referral", "referral_start"))
    if _sees_referrals(rule):
        prosecutor = rule.has(C.PROSECUTOR_DECISION)
        label = "My referrals" if rule.lists_own_referrals else "Referrals"
        found.append(("Decisions" if prosecutor else label, "referral_list"))
    if rule.has(C.SEE_INTAKE_CLOCK):
        found.append(("Intake clock", "referral_clock"))
    if rule.scope != Scope.NONE:
        found.append((_people_label(rule), "people_list"))
    if rule.has(C.ENTER_LEGAL_CASES):
        found.append(("Cases", "legal_cases"))
    if FieldGroup.CASEWORK_NOTES in rule.read and not rule.lists_own_referrals:
        found.append((_caseload_label(rule), "casework_caseload"))
    wider = [
        (C.SUPERVISE, "Supervisor dashboard", "casework_supervisor"),
        (C.SUPERVISE, "Casework settings", "casework_settings"),
        (C.SEE_ACCESS_HISTORY, "Audit log", "audit_log"),
        (C.SEE_ALERTS, "Record-view alerts", "alert_list"),
        (C.MANAGE_USERS, "Users", "users"),
        (C.MANAGE_USERS, "Program settings", "program_settings"),
        (C.REVIEW_LINKS, "Record links to review", "link_review_queue"),
        (C.RUN_EVALUATIONS, "Outcome evaluation", "evaluation_runs"),
        (C.EXPORT_HMIS, "HMIS export", "hmis_export"),
        (C.SEE_PCG_REPORT, "Policy group report", "pcg_report"),
        (C.SEE_IMPORTS, "Justice record imports", "import_batches"),
        (C.ATTEND_OWG, "Work group meetings", "owg_meetings"),
        (C.APPROVE_DELETIONS, "Deletion requests", "deletion_requests"),
        (C.PLACE_LEGAL_HOLDS, "Legal holds", "legal_holds"),
        (C.SET_RETENTION, "Retention schedule", "retention_schedule"),
        (C.LOG_LEGAL_DEMANDS, "Legal demands", "legal_demands"),
    ]
    found += [(label, name) for cap, label, name in wider if rule.has(cap)]
    return found


class Menu:
    """The header's links for this request, worked out only when a template asks."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @functools.cached_property
    def links(self) -> list[Link]:
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        chosen = chosen_membership(self.request)
        if chosen is None:
            return []
        match = self.request.resolver_match
        here = match.url_name if match is not None else None
        rule = rule_for(chosen.role)
        return [Link(label, reverse(name), name == here) for label, name in entries(rule)]


class NavigationMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        setattr(request, "menu", Menu(request))  # noqa: B010  (HttpRequest has no such attribute)
        return self.get_response(request)
