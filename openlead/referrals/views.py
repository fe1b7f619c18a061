"""Thin views: authorise through openlead.referrals.access, call an action, render."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openlead.access import audit
from openlead.access.clientip import client_address
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import Role
from openlead.eligibility import ClockStatus, clock_status
from openlead.eligibility.vocabulary import DOORS
from openlead.programs.models import Program
from openlead.referrals import actions
from openlead.referrals.access import (
    can_list,
    get_referral_for,
    list_referrals_for,
    read_referral_for,
    refer_doors,
    referral_scope,
    require_actor,
    sees_workgroup,
)
from openlead.referrals.forms import (
    CloseForm,
    FactsForm,
    ProsecutorDecisionForm,
    SelfReferralForm,
    StaffChoiceForm,
)
from openlead.referrals.models import OPEN_STATUSES, Door, Referral, Status


def _rid(request: HttpRequest) -> str:
    return str(getattr(request, "request_id", ""))


def _offered_doors(actor: Any) -> list[tuple[str, str]]:
    protocol = actions.program_protocol(actor.membership.program)
    offered = set(protocol.doors) if protocol else set(Door.values)
    return [(d, DOORS[d]) for d in Door.values if d in offered and d in refer_doors(actor)]


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    actor = require_actor(request, can_list, purpose="referral list")
    actions.lapse_due(program_id=actor.program_id)
    referrals = referral_scope(actor)
    if actor.can(Capability.PROSECUTOR_DECISION):
        title = "Returned to the prosecutor"
        referrals = referrals.order_by("status", "returned_at", "pk")
    elif sees_workgroup(actor):
        title = "Open referrals"
        referrals = referrals.filter(status__in=OPEN_STATUSES).order_by("-referred_at", "pk")
    else:
        title = "My referrals"
        referrals = referrals.order_by("-referred_at", "pk")
    rows, page = list_referrals_for(
        request, referrals, actor, purpose="referral list", page=request.GET.get("page")
    )
    context = {
        "rows": rows,
        "page": page,
        "title": title,
        "actor": actor,
        "can_refer": bool(_offered_doors(actor)),
    }
    return render(request, "referrals/list.html", context)


@login_required
@require_GET
def referral_clock(request: HttpRequest) -> HttpResponse:
    actor = require_actor(request, sees_workgroup, purpose="intake clock")
    now = timezone.now()
    actions.lapse_due(program_id=actor.program_id, now=now)
    waiting = referral_scope(actor).filter(status__in=[Status.AWAITING_INTAKE, Status.RETURNED])

    def clock(referral: Referral) -> str:
        if referral.status == Status.RETURNED or referral.intake_deadline is None:
            return ClockStatus.OVERDUE.value
        return clock_status(referral.intake_deadline, now).value

    rows, page = list_referrals_for(
        request,
        waiting.order_by("intake_deadline", "pk"),
        actor,
        purpose="intake clock",
        clock=clock,
        page=request.GET.get("page"),
    )
    # Totals over every waiting referral from plaintext columns only (no names decrypted);
    # the rows themselves are one page.
    totals = Counter(clock(r) for r in waiting.only("status", "intake_deadline"))
    context = {
        "overdue": [r for r in rows if r.clock == ClockStatus.OVERDUE],
        "due_soon": [r for r in rows if r.clock == ClockStatus.DUE_SOON],
        "overdue_total": totals[ClockStatus.OVERDUE.value],
        "due_soon_total": totals[ClockStatus.DUE_SOON.value],
        "on_time": totals[ClockStatus.ON_TIME.value],
        "page": page,
        "program": actor.membership.program,
    }
    return render(request, "referrals/clock.html", context)


@login_required
@require_GET
def referral_start(request: HttpRequest) -> HttpResponse:
    actor = require_actor(request, lambda a: bool(_offered_doors(a)), purpose="start referral")
    doors = _offered_doors(actor)
    return render(
        request, "referrals/start.html", {"doors": doors, "program": actor.membership.program}
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, door: str) -> HttpResponse:
    actor = require_actor(
        request, lambda a: door in dict(_offered_doors(a)), purpose="new referral"
    )
    program = actor.membership.program
    protocol = actions.program_protocol(program)
    if protocol is None:
        return render(request, "referrals/no_protocol.html", {"program": program}, status=409)
    form = FactsForm(request.POST or None, protocol=protocol, door=door)
    if request.method == "POST" and form.is_valid():
        data = actions.NewReferral(
            program=program,
            door=door,
            facts=form.facts(),
            name=form.cleaned_data.get("name", ""),
            answers=form.answers(),
            referrer=request.user,
            referrer_organization_id=actor.membership.organization_id,
            submit_token=form.cleaned_data["submit_token"],
        )
        try:
            referral = actions.do_make_referral(data, who=actor.who, request_id=_rid(request))
            return redirect("referral_detail", public_id=referral.public_id)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
    status = 400 if form.is_bound else 200
    context = {"form": form, "door": door, "door_label": DOORS[door], "program": program}
    return render(request, "referrals/new.html", context, status=status)


@login_required
@require_GET
def referral_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    page = read_referral_for(request, public_id, purpose="referral page")
    return render(request, "referrals/detail.html", _detail_context(page))


def _detail_context(page: Any, **extra: Any) -> dict[str, Any]:
    referral = page.referral
    context: dict[str, Any] = {"page": page, "referral": referral, "statuses": Status, **extra}
    if "handoff" in page.allowed and "handoff_form" not in extra:
        # Outreach workers first: the hand-off is to outreach; case managers can take it too.
        staff = [*actions.staff_of(referral.program, (Role.OUTREACH_WORKER,))]
        staff += [
            u for u in actions.staff_of(referral.program, (Role.CASE_MANAGER,)) if u not in staff
        ]
        context["handoff_form"] = StaffChoiceForm(staff=staff)
    if "intake" in page.allowed and "intake_form" not in extra:
        managers = actions.staff_of(referral.program, (Role.CASE_MANAGER,))
        context["intake_form"] = StaffChoiceForm(staff=managers, label="Case manager")
    if "decision" in page.allowed and "decision_form" not in extra:
        context["decision_form"] = ProsecutorDecisionForm()
    if "close" in page.allowed:
        context["close_form"] = CloseForm(declined=sees_workgroup(page.actor))
    return context


def _refused(
    request: HttpRequest, public_id: str, message: str, status: int = 409, **forms: Any
) -> HttpResponse:
    page = read_referral_for(request, public_id, purpose="referral page after a refused change")
    return render(
        request,
        "referrals/detail.html",
        _detail_context(page, message=message, **forms),
        status=status,
    )


def _run(
    request: HttpRequest, public_id: str, change: Any, form_name: str = "", form: Any = None
) -> HttpResponse:
    """Run one action; a refused transition or bad input re-renders the page with the reason."""
    try:
        change()
    except actions.TransitionRefused as refused:
        return _refused(request, public_id, str(refused))
    except ValidationError as error:
        if form is not None:
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        return _refused(
            request, public_id, " ".join(error.messages), 400, **({form_name: form} if form else {})
        )
    return redirect("referral_detail", public_id=public_id)


@login_required
@require_POST
def referral_handoff(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(request, public_id, purpose="hand-off", action="handoff")
    worker = request.POST.get("worker")
    return _run(
        request,
        public_id,
        lambda: actions.check_record_handoff(
            referral, worker, who=actor.who, request_id=_rid(request)
        ),
    )


@login_required
@require_POST
def referral_intake(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(
        request, public_id, purpose="complete intake", action="intake"
    )
    manager = request.POST.get("worker")
    return _run(
        request,
        public_id,
        lambda: actions.check_complete_intake(
            referral, manager, who=actor.who, request_id=_rid(request)
        ),
    )


@login_required
@require_POST
def referral_accept(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(
        request, public_id, purpose="send to intake", action="accept"
    )
    return _run(
        request,
        public_id,
        lambda: actions.do_accept_for_intake(referral, who=actor.who, request_id=_rid(request)),
    )


@login_required
@require_POST
def referral_close(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(request, public_id, purpose="close referral", action="close")
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            public_id,
            "Choose whether the person declined or the referral is withdrawn.",
            400,
        )
    outcome = form.cleaned_data["outcome"]
    if outcome == "declined" and not sees_workgroup(actor):
        return _refused(
            request, public_id, "Only the program team records that a person declined.", 403
        )
    act = actions.do_record_declined if outcome == "declined" else actions.do_withdraw_referral
    return _run(request, public_id, lambda: act(referral, who=actor.who, request_id=_rid(request)))


@login_required
@require_POST
def referral_decision(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(
        request, public_id, purpose="prosecutor decision", action="decision"
    )
    form = ProsecutorDecisionForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, public_id, "Choose file, decline or extend.", 400, decision_form=form
        )
    data = form.cleaned_data
    return _run(
        request,
        public_id,
        lambda: actions.check_prosecutor_decision(
            referral,
            data["decision"],
            data.get("new_deadline"),
            who=actor.who,
            request_id=_rid(request),
        ),
        "decision_form",
        form,
    )


# --- public self-referral (no login) ------------------------------------------------------


def _self_program(slug: str) -> Program:
    program = get_object_or_404(Program, slug=slug)
    protocol = actions.program_protocol(program)
    if protocol is not None and Door.SELF not in protocol.doors:
        raise Http404("This program does not take self-referrals.")
    return program


@require_http_methods(["GET", "POST"])
def self_referral(request: HttpRequest, slug: str) -> HttpResponse:
    program = _self_program(slug)
    form = SelfReferralForm(request.POST or None)
    if request.method == "POST":
        # The real client behind the proxy, kept only as a keyed hash for the count.
        address = client_address(request)
        if not actions.check_self_referral_rate(address):
            with transaction.atomic():
                audit.record(
                    audit.Who(None, "", "", program.pk),
                    action=AuditAction.CREATE,
                    outcome=AuditOutcome.DENIED,
                    purpose="self-referral rate limit",
                    request_id=_rid(request),
                    path=request.path,
                )
            return render(
                request, "referrals/self_slow_down.html", {"program": program}, status=429
            )
        if form.is_valid():
            with transaction.atomic():
                _make_self_referral(request, program, form.cleaned_data)
                actions.do_count_self_referral(address)
            return redirect("self_referral_thanks", slug=slug)
    status = 400 if form.is_bound else 200
    return render(request, "referrals/self.html", {"form": form, "program": program}, status=status)


def _make_self_referral(request: HttpRequest, program: Program, data: dict[str, Any]) -> Referral:
    reach = data["reach"].strip()
    email = reach if "@" in reach and " " not in reach else ""
    digits = sum(ch.isdigit() for ch in reach)
    phone = reach if not email and digits >= 7 and digits >= len(reach) * 0.6 else ""
    answers = {"reach": reach, "best_time": data.get("best_time", "")}
    who = audit.Who(None, "self-referral", "", program.pk)
    new = actions.NewReferral(
        program=program,
        door=Door.SELF,
        aliases=data["name"],
        phone=phone,
        email=email,
        answers={k: v for k, v in answers.items() if v},
    )
    return actions.do_make_referral(new, who=who, request_id=_rid(request))


@require_GET
def self_referral_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    program = _self_program(slug)
    return render(
        request,
        "referrals/self_thanks.html",
        {"program": program, "again": reverse("self_referral", args=[slug])},
    )
