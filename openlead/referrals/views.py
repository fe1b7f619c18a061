"""Thin views: authorise and fetch through referrals.access and queries, call an action,
render. The prosecutor's queue and decision are openlead.legal's views; they re-render
a refused decision with `refused_page` and run it with `run_change` from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openlead.access.acting import anonymous_actor, current_actor
from openlead.access.clientip import client_address
from openlead.access.getters import refuse_denied
from openlead.access.helpers import require
from openlead.access.policy import Capability
from openlead.access.roles import Role
from openlead.eligibility import ClockStatus
from openlead.eligibility.vocabulary import DOORS
from openlead.people.matching import candidates_for
from openlead.programs.models import Program
from openlead.referrals import actions
from openlead.referrals.access import get_referral_for, require_listing, sees_workgroup
from openlead.referrals.clock import program_protocol
from openlead.referrals.forms import (
    CaseloadLimits,
    CloseForm,
    FactsForm,
    SelfReferralForm,
    StaffChoiceForm,
)
from openlead.referrals.models import Referral, Status
from openlead.referrals.public import (
    REFERENCE_KEY,
    program_crisis_lines,
    self_door_programs,
    takes_self_referrals,
)
from openlead.referrals.queries import (
    RESULT_VISIBLE,
    Clock,
    ReferralPage,
    caseload_counts,
    list_referrals_for,
    my_referrals,
    offered_doors,
    open_referrals,
    read_referral_for,
    staff_of,
    staff_pk,
)


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """The referrer's and the workgroup's list (openlead.legal shows the prosecutor theirs)."""
    actor = require_listing(request, purpose="referral list")
    workgroup = sees_workgroup(actor)
    rows, page = list_referrals_for(
        request,
        open_referrals(actor) if workgroup else my_referrals(actor),
        purpose="referral list",
        page=request.GET.get("page"),
    )
    context = {
        "rows": rows,
        "page": page,
        "title": "Open referrals" if workgroup else "My referrals",
        "actor": actor,
        "can_refer": bool(offered_doors(actor)),
    }
    return render(request, "referrals/list.html", context)


@login_required
@require_GET
def referral_clock(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SEE_INTAKE_CLOCK, purpose="intake clock")
    clock = Clock(actor, timezone.now())
    rows, page = list_referrals_for(
        request,
        clock.by_deadline,
        purpose="intake clock",
        clock=clock.of,
        page=request.GET.get("page"),
    )
    # Totals count every waiting referral; the rows themselves are one page.
    totals = clock.totals()
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
    actor = current_actor(request)
    doors = offered_doors(actor)
    if not doors:
        raise refuse_denied(actor, "start referral")
    return render(
        request, "referrals/start.html", {"doors": doors, "program": actor.membership.program}
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, door: str) -> HttpResponse:
    actor = current_actor(request)
    if door not in dict(offered_doors(actor)):
        raise refuse_denied(actor, "new referral")
    program = actor.membership.program
    protocol = program_protocol(program)
    if protocol is None:
        return render(request, "referrals/no_protocol.html", {"program": program}, status=409)
    form = FactsForm(request.POST or None, protocol=protocol, door=door)
    if request.method == "POST" and form.is_valid():
        born = form.date_of_birth()
        data = actions.NewReferral(
            program=program,
            door=door,
            facts=form.facts(),
            name=form.cleaned_data.get("name", ""),
            date_of_birth=born.isoformat() if born else "",
            answers=form.answers(),
            referrer=request.user,
            referrer_organization_id=actor.membership.organization_id,
            submit_token=form.cleaned_data["submit_token"],
        )
        try:
            referral = actions.do_make_referral(data, acting=actor)
            messages.success(request, _saved_message(referral))
            return redirect("referral_detail", public_id=referral.public_id)
        except ValidationError as error:
            for name, reasons in error.message_dict.items():
                form.add_error(name if name in form.fields else None, reasons)
    status = 400 if form.is_bound else 200
    context = {"form": form, "door": door, "door_label": DOORS[door], "program": program}
    return render(request, "referrals/new.html", context, status=status)


def _saved_message(referral: Referral) -> str:
    """What the referrer just saved, in words (their own screening, shown back at once)."""
    if not referral.outcome:
        return "Referral saved. The team will screen it once the program's protocol is set."
    return f"Referral saved and screened: {referral.get_outcome_display()}."


@login_required
@require_GET
def referral_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    page = read_referral_for(request, public_id, purpose="referral page")
    candidates = candidates_for(page.actor, page.referral.person, purpose="referral page")
    return render(request, "referrals/detail.html", _detail_context(page, candidates=candidates))


def _handoff_form(referral: Referral, actor: Any, data: Any = None) -> StaffChoiceForm:
    # Outreach workers first: the hand-off is to outreach; case managers can take it too.
    staff = [*staff_of(referral.program, (Role.OUTREACH_WORKER,))]
    staff += [u for u in staff_of(referral.program, (Role.CASE_MANAGER,)) if u not in staff]
    # Caseloads are the program team's business (an officer picks a name), and only case
    # managers hold one: outreach workers are shown by name.
    managers = [u for u in staff if u.pk in set(_manager_ids(referral))]
    counts = None
    if sees_workgroup(actor):
        loads = caseload_counts(referral.program, managers)
        counts = {u.pk: loads.get(u.pk, 0) for u in managers}
    return StaffChoiceForm(data, staff=staff, counts=counts)


def _manager_ids(referral: Referral) -> list[int]:
    return list(staff_of(referral.program, (Role.CASE_MANAGER,)).values_list("pk", flat=True))


def _intake_form(referral: Referral, data: Any = None) -> StaffChoiceForm:
    """The case manager picker: each with their caseload and the program's limits."""
    program = referral.program
    managers = list(staff_of(program, (Role.CASE_MANAGER,)))
    loads = caseload_counts(program, managers)
    return StaffChoiceForm(
        data,
        staff=managers,
        label="Case manager",
        counts={u.pk: loads.get(u.pk, 0) for u in managers},
        limits=CaseloadLimits(program.caseload_average_limit, program.caseload_max),
        auto_id="id_intake_%s",  # beside the hand-off picker on the same page
    )


def _detail_context(page: ReferralPage, **extra: Any) -> dict[str, Any]:
    referral = page.referral
    context: dict[str, Any] = {"page": page, "referral": referral, "statuses": Status, **extra}
    if page.is_referrer_view:
        # The officer's part: until when they see the name and screening they made.
        context["name_until"] = referral.referred_at + RESULT_VISIBLE
    if "handoff" in page.allowed and "handoff_form" not in extra:
        context["handoff_form"] = _handoff_form(referral, page.actor)
    if "intake" in page.allowed and "intake_form" not in extra:
        context["intake_form"] = _intake_form(referral)
    if "close" in page.allowed:
        context["close_form"] = CloseForm(declined=sees_workgroup(page.actor))
    context["back"] = _back_link(page)
    return context


def _back_link(page: ReferralPage) -> tuple[str, str]:
    """Where this page came from: the intake clock for the workgroup, else the list."""
    if page.actor.can(Capability.SEE_INTAKE_CLOCK) and page.status in (
        Status.AWAITING_INTAKE,
        Status.RETURNED,
    ):
        return reverse("referral_clock"), "Intake clock"
    return reverse("referral_list"), "All referrals" if sees_workgroup(page.actor) else (
        "My referrals"
    )


def refused_page(
    request: HttpRequest, public_id: str, message: str, status: int = 409, **forms: Any
) -> HttpResponse:
    """The referral page again, saying why a change was refused."""
    page = read_referral_for(request, public_id, purpose="referral page after a refused change")
    return render(
        request,
        "referrals/detail.html",
        _detail_context(page, message=message, **forms),
        status=status,
    )


def run_change(
    request: HttpRequest,
    public_id: str,
    change: Callable[[], Any],
    form_name: str = "",
    form: Any = None,
    *,
    saved: str = "Referral updated.",
    rename: dict[str, str] | None = None,
) -> HttpResponse:
    """Run one action, then back to the referral with `saved`; a refused transition or bad
    input re-renders the page with the reason (`rename` maps an action's error key to the
    form field it belongs beside)."""
    try:
        change()
    except actions.TransitionRefused as refused:
        return refused_page(request, public_id, str(refused))
    except ValidationError as error:
        if form is not None:
            form.is_valid()  # cleaned, so the action's reasons can join the form's errors
            for key, reasons in error.message_dict.items():
                name = (rename or {}).get(key, key)
                form.add_error(name if name in form.fields else None, reasons)
        if form is not None:
            # The reasons sit in the form (summary and beside each field); up here only
            # a pointer to it, since the form may be several screens down.
            return refused_page(
                request,
                public_id,
                "Nothing was saved yet: the form below says what to fix.",
                400,
                message_anchor=form_name,
                **{form_name: form},
            )
        return refused_page(request, public_id, " ".join(error.messages), 400)
    messages.success(request, saved)
    return redirect("referral_detail", public_id=public_id)


@login_required
@require_POST
def referral_handoff(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(request, public_id, purpose="hand-off", action="handoff")
    form = _handoff_form(referral, actor, request.POST)
    worker = request.POST.get("worker")
    return run_change(
        request,
        public_id,
        lambda: actions.check_record_handoff(referral, worker, acting=actor),
        "handoff_form",
        form,
        saved="Hand-off recorded.",
    )


@login_required
@require_POST
def referral_intake(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(
        request, public_id, purpose="complete intake", action="intake"
    )
    form = _intake_form(referral, request.POST)
    manager = request.POST.get("worker")
    over = request.POST.get("over_maximum") in ("on", "true", "1")

    def complete() -> Any:
        return actions.check_complete_intake(referral, manager, acting=actor, over_maximum=over)

    chosen = staff_of(referral.program, (Role.CASE_MANAGER,)).filter(pk=staff_pk(manager))
    name = next((u.get_full_name() or u.username for u in chosen), "")
    return run_change(
        request,
        public_id,
        complete,
        "intake_form",
        form,
        saved=f"Intake complete: the person is now on {name}’s caseload.",
        rename={"case_manager": "worker"},
    )


@login_required
@require_POST
def referral_accept(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(
        request, public_id, purpose="send to intake", action="accept"
    )
    return run_change(
        request, public_id, lambda: actions.do_accept_for_intake(referral, acting=actor)
    )


@login_required
@require_POST
def referral_close(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(request, public_id, purpose="close referral", action="close")
    form = CloseForm(request.POST)
    if not form.is_valid():
        return refused_page(
            request,
            public_id,
            "Choose whether the person declined or the referral is withdrawn.",
            400,
        )
    outcome = form.cleaned_data["outcome"]
    if outcome == "declined" and not sees_workgroup(actor):
        return refused_page(
            request, public_id, "Only the program team records that a person declined.", 403
        )
    act = actions.do_record_declined if outcome == "declined" else actions.do_withdraw_referral
    return run_change(request, public_id, lambda: act(referral, acting=actor))


# --- public self-referral (no login) ------------------------------------------------------


def _self_program(slug: str) -> Program:
    program = get_object_or_404(Program, slug=slug)
    if not takes_self_referrals(program):
        raise Http404("This program does not take self-referrals.")
    return program


@require_GET
def self_referral_index(request: HttpRequest) -> HttpResponse:
    """/refer/: every program that takes self-referrals, listed even when there is one."""
    return render(request, "referrals/self_index.html", {"programs": self_door_programs()})


@require_http_methods(["GET", "POST"])
def self_referral(request: HttpRequest, slug: str) -> HttpResponse:
    program = _self_program(slug)
    form = SelfReferralForm(request.POST or None)
    if request.method == "POST":
        # The real client behind the proxy, kept only as a keyed hash for the count;
        # only accepted submissions are counted (actions.do_make_self_referral).
        address = client_address(request)
        if not actions.check_self_referral_rate(address):
            actions.do_refuse_self_referral(acting=anonymous_actor(request, "", program.pk))
            return render(
                request, "referrals/self_slow_down.html", {"program": program}, status=429
            )
        if form.is_valid():
            acting = anonymous_actor(request, "self-referral", program.pk)
            reference = actions.new_reference()
            data = {**form.cleaned_data, "reference": reference}
            actions.do_make_self_referral(program, data, address, acting=acting)
            request.session[REFERENCE_KEY] = reference
            return redirect("self_referral_thanks", slug=slug)
    status = 400 if form.is_bound else 200
    return render(request, "referrals/self.html", {"form": form, "program": program}, status=status)


@require_GET
def self_referral_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    program = _self_program(slug)
    return render(
        request,
        "referrals/self_thanks.html",
        {
            "program": program,
            # Shown once: a reload, or anyone else at this URL, sees the page without it.
            "reference": request.session.pop(REFERENCE_KEY, ""),
            "crisis_lines": program_crisis_lines(program),
            "again": reverse("self_referral", args=[slug]),
        },
    )
