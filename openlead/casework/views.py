"""Thin casework views: authorise through casework.access, call an action or query, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openlead.access import audit
from openlead.access.conflicts import EditConflict, StaleWrite, conflict_response
from openlead.access.helpers import Actor, current_actor, require
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup, Scope
from openlead.access.stepup import step_up_required
from openlead.casework import actions, ledger, links, queries
from openlead.casework import forms as f
from openlead.casework.access import audit_read, casework_person, deny, require_supervisor
from openlead.casework.context import person_page
from openlead.casework.defaults import current_template
from openlead.casework.models import GoalStatus, LinkState
from openlead.people.models import Person

G = FieldGroup
Apply = Callable[[Actor, Person, Any, HttpRequest], None]


def _rid(request: HttpRequest) -> str:
    return str(getattr(request, "request_id", ""))


def _render_person(
    request: HttpRequest,
    actor: Actor,
    person: Person,
    groups: frozenset[G],
    *,
    purpose: str,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    with transaction.atomic():
        audit_read(
            request,
            actor,
            person,
            groups & {G.CASEWORK_NOTES, G.HEALTH, G.FUNDS, G.IDENTITY},
            purpose=purpose,
        )
        context = person_page(actor, person, groups, forms)
    return render(request, "casework/person.html", context, status=status)


def _errors(form: Any, exc: ValidationError) -> None:
    for name, messages in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def _write(
    request: HttpRequest,
    public_id: str,
    *,
    group: G,
    purpose: str,
    form: Callable[[Person], Any],
    apply: Apply,
    key: str,
) -> HttpResponse:
    actor, person, groups = casework_person(
        request, public_id, group=group, purpose=purpose, write=True
    )
    bound = form(person)
    if bound.is_valid():
        try:
            apply(actor, person, bound, request)
            return redirect("casework_person", public_id=public_id)
        except EditConflict as conflict:
            back = reverse("casework_person", kwargs={"public_id": public_id})
            return conflict_response(
                request,
                conflict,
                who=actor.who,
                back_url=back,
                purpose=purpose,
                person_ref=person.public_id,
            )
        except ValidationError as exc:
            _errors(bound, exc)
    errors = [
        f"{bound.fields[n].label or n}: {e}" if n in bound.fields else str(e)
        for n, es in bound.errors.items()
        for e in es
    ]
    return _render_person(
        request,
        actor,
        person,
        groups,
        purpose=purpose,
        forms={key: bound, "errors": errors},
        status=400,
    )


@login_required
@require_GET
def person(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose="casework page"
    )
    return _render_person(request, actor, p, groups, purpose="casework page")


# ---- contacts ---------------------------------------------------------------------------


@login_required
def contact_new(request: HttpRequest, public_id: str) -> HttpResponse:
    writing = request.method == "POST"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose="record contact", write=writing
    )
    form = f.QuickContactForm(request.POST if writing else None)
    if writing and form.is_valid():
        data = form.cleaned_data
        try:
            actions.check_record_contact(
                p,
                who=actor.who,
                author=request.user,
                occurred_at=data["occurred_at"],
                kind=data["kind"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                services=data["services"],
                note=data["note"],
                request_id=_rid(request),
            )
            return redirect("casework_person", public_id=public_id)
        except ValidationError as exc:
            _errors(form, exc)
    with transaction.atomic():
        audit_read(request, actor, p, [G.CASEWORK_NOTES], purpose="record contact")
        name = person_page_name(p, groups)
    return render(
        request,
        "casework/contact_form.html",
        {"form": form, "person": p, "name": name},
        status=400 if writing else 200,
    )


def person_page_name(p: Person, groups: frozenset[G]) -> str:
    from openlead.people import vault

    if G.IDENTITY not in groups:
        return f"Participant {p.public_id}"
    return vault.get_person_field(p, vault.data_key(p.public_id), "legal_name")


# ---- assessments ------------------------------------------------------------------------


@login_required
def assessment_new(request: HttpRequest, public_id: str) -> HttpResponse:
    writing = request.method == "POST"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose="assessment", write=writing
    )
    template = current_template(p.program)
    show_health = G.HEALTH in groups and (not writing or G.HEALTH in actor.rule.write)
    initial = queries.prefill_snapshot(p, timezone.localdate().replace(day=1))
    kind = "reassessment" if p.assessments.exists() else "intake"
    form = f.AssessmentForm(
        request.POST if writing else None,
        template=template,
        show_health=show_health,
        initial={**initial, "kind": kind},
    )
    if writing and form.is_valid():
        try:
            actions.check_record_assessment(
                p,
                template,
                who=actor.who,
                author=request.user,
                kind=form.cleaned_data["kind"],
                assessed_on=form.cleaned_data["assessed_on"],
                statuses=form.statuses(),
                notes=form.notes(),
                facts=form.facts(),
                request_id=_rid(request),
            )
            return redirect("casework_person", public_id=public_id)
        except ValidationError as exc:
            _errors(form, exc)
    with transaction.atomic():
        audit_read(request, actor, p, [G.CASEWORK_NOTES], purpose="assessment")
        name = person_page_name(p, groups)
    return render(
        request,
        "casework/assessment_form.html",
        {"form": form, "person": p, "name": name, "template": template},
        status=400 if writing else 200,
    )


# ---- monthly status snapshot ------------------------------------------------------------


@login_required
def snapshot(request: HttpRequest, public_id: str) -> HttpResponse:
    writing = request.method == "POST"
    actor, p, groups = casework_person(
        request, public_id, group=G.CASEWORK_NOTES, purpose="monthly status", write=writing
    )
    if writing:
        form = f.SnapshotForm(request.POST)
        if form.is_valid():
            actions.do_record_snapshot(
                p,
                month=form.cleaned_data["month"],
                values=form.facts(),
                who=actor.who,
                request_id=_rid(request),
            )
            return redirect("casework_person", public_id=public_id)
        sources: list[str] = []
    with transaction.atomic():
        audit_read(request, actor, p, [G.CASEWORK_NOTES], purpose="monthly status")
        if not writing:
            month = _month_param(request) or queries.previous_month(timezone.localdate())
            values = queries.prefill_snapshot(p, month)
            sources = values.pop("sources")
            form = f.SnapshotForm(initial={**values, "month": month.strftime("%Y-%m")})
        name = person_page_name(p, groups)
    return render(
        request,
        "casework/snapshot_form.html",
        {"form": form, "person": p, "name": name, "sources": sources},
        status=400 if writing else 200,
    )


def _month_param(request: HttpRequest) -> Any:
    import datetime as dt

    try:
        return dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return None


# ---- enrollment -------------------------------------------------------------------------


def _seen(form: Any, state: str, current: dict[str, str], attempted: dict[str, str]) -> None:
    """The page posts the state it showed; if the row has moved on since, that is a conflict."""
    seen = form.cleaned_data.get("seen")
    if seen and seen != state:
        raise StaleWrite(
            "Someone else changed this while you were looking at it.",
            current=current,
            attempted=attempted,
        )


def _apply_enrollment(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
    data, rid, who = form.cleaned_data, _rid(request), actor.who
    action = data["action"]
    enrollment = actions.current_enrollment(p)
    manager = data["case_manager"]
    moves_manager = enrollment is not None and manager and manager != enrollment.case_manager
    # Any change of case manager is a reassignment, whichever action asks for it.
    if action == "reassign" or (action == "enroll" and moves_manager):
        require_supervisor(request, actor, purpose="change case manager", person_ref=p.public_id)
    if enrollment is not None:
        change = {"Change": f.ENROLLMENT_LABELS[action]}
        _seen(form, enrollment.status, actions.enrollment_shown(enrollment), change)
    if action == "enroll" or enrollment is None:
        if action != "enroll":
            raise ValidationError("This person has no open enrollment: enroll them again first.")
        if enrollment is not None and not moves_manager:
            raise ValidationError(
                {"action": "This person is already enrolled; choose another change."}
            )
        if enrollment is not None:
            actions.do_reassign(enrollment, case_manager=manager, who=who, request_id=rid)
            return
        actions.do_enroll(p, case_manager=manager or request.user, who=who, request_id=rid)
    elif action == "inactive":
        actions.do_mark_inactive(enrollment, reason=data["reason"], who=who, request_id=rid)
    elif action == "reactivate":
        actions.do_reactivate(enrollment, who=who, request_id=rid)
    elif action == "exit":
        actions.do_exit(enrollment, destination=data["destination"], who=who, request_id=rid)
    else:
        actions.do_reassign(enrollment, case_manager=manager, who=who, request_id=rid)


@login_required
@require_POST
def enrollment(request: HttpRequest, public_id: str) -> HttpResponse:
    return _write(
        request,
        public_id,
        group=G.ENROLLMENT_STATUS,
        purpose="enrollment status",
        form=lambda p: f.EnrollmentForm(request.POST, program_id=p.program_id),
        apply=_apply_enrollment,
        key="enrollment",
    )


# ---- plan goals -------------------------------------------------------------------------


@login_required
@require_POST
def goal_add(request: HttpRequest, public_id: str) -> HttpResponse:
    def apply(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
        d = form.cleaned_data
        actions.check_add_goal(
            p,
            who=actor.who,
            author=request.user,
            domain=d["domain"],
            words=d["words"],
            steps=d["steps"],
            request_id=_rid(request),
        )

    return _write(
        request,
        public_id,
        group=G.CASEWORK_NOTES,
        purpose="add goal",
        form=lambda p: f.GoalForm(request.POST),
        apply=apply,
        key="goal",
    )


def _child(queryset: Any, public_id: str) -> Any:
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        raise Http404("No such record.")
    return found


@login_required
@require_POST
def goal_status(request: HttpRequest, public_id: str) -> HttpResponse:
    def apply(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
        goal = _child(p.goals, form.cleaned_data["goal"])
        label = GoalStatus(form.cleaned_data["status"]).label
        shown = {"Goal status": goal.get_status_display()}
        _seen(form, goal.status, shown, {"Goal status": label})
        actions.do_set_goal_status(
            goal, status=form.cleaned_data["status"], who=actor.who, request_id=_rid(request)
        )

    return _write(
        request,
        public_id,
        group=G.CASEWORK_NOTES,
        purpose="goal status",
        form=lambda p: f.GoalStatusForm(request.POST),
        apply=apply,
        key="goal_status",
    )


# ---- appointments -----------------------------------------------------------------------


@login_required
@require_POST
def appointment_add(request: HttpRequest, public_id: str) -> HttpResponse:
    def apply(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
        d = form.cleaned_data
        actions.check_add_appointment(
            p,
            who=actor.who,
            author=request.user,
            starts_at=d["starts_at"],
            kind=d["kind"],
            provider=d["provider"],
            note=d["note"],
            request_id=_rid(request),
        )

    return _write(
        request,
        public_id,
        group=G.CASEWORK_NOTES,
        purpose="add appointment",
        form=lambda p: f.AppointmentForm(request.POST, program_id=p.program_id),
        apply=apply,
        key="appointment",
    )


# ---- service links ----------------------------------------------------------------------


@login_required
@require_POST
def link_send(request: HttpRequest, public_id: str) -> HttpResponse:
    def apply(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
        links.check_send_link(
            p,
            form.cleaned_data["provider"],
            who=actor.who,
            by=request.user,
            request_id=_rid(request),
        )

    return _write(
        request,
        public_id,
        group=G.CASEWORK_NOTES,
        purpose="service link",
        form=lambda p: f.LinkForm(request.POST, program_id=p.program_id),
        apply=apply,
        key="link",
    )


@login_required
@require_POST
def link_state(request: HttpRequest, public_id: str) -> HttpResponse:
    def apply(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
        link = _child(p.service_links, form.cleaned_data["link"])
        label = LinkState(form.cleaned_data["state"]).label
        shown = {"Link state": link.get_state_display()}
        _seen(form, link.state, shown, {"Link state": label})
        links.do_move_link(
            link, state=form.cleaned_data["state"], who=actor.who, request_id=_rid(request)
        )

    return _write(
        request,
        public_id,
        group=G.CASEWORK_NOTES,
        purpose="service link state",
        form=lambda p: f.LinkStateForm(request.POST),
        apply=apply,
        key="link_state",
    )


@login_required
@require_POST
@step_up_required  # sending without consent (issue 12): a fresh second factor first
def link_override(request: HttpRequest, public_id: str) -> HttpResponse:
    """Sending without consent: supervisors only; a case manager's attempt is refused and audited."""
    actor = current_actor(request)
    if not actor.rule.has(Capability.SUPERVISE):
        casework_person(
            request, public_id, group=G.CASEWORK_NOTES, purpose="consent override", write=True
        )
        raise deny(
            request,
            actor,
            purpose="consent override",
            action=AuditAction.UPDATE,
            person_ref=public_id[:24],
            groups=[G.CASEWORK_NOTES],
        )

    def apply(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
        link = _child(p.service_links, form.cleaned_data["link"])
        links.do_override_link(
            link,
            reason=form.cleaned_data["reason"],
            who=actor.who,
            by=request.user,
            request_id=_rid(request),
        )

    return _write(
        request,
        public_id,
        group=G.CASEWORK_NOTES,
        purpose="consent override",
        form=lambda p: f.LinkOverrideForm(request.POST),
        apply=apply,
        key="override",
    )


# ---- flexible funds ---------------------------------------------------------------------


@login_required
@require_POST
def funds_request(request: HttpRequest, public_id: str) -> HttpResponse:
    def apply(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
        d = form.cleaned_data
        ledger.check_request_funds(
            p,
            who=actor.who,
            requested_by=request.user,
            category=d["category"],
            payee_type=d["payee_type"],
            amount_cents=form.amount_cents(),
            purpose=d["purpose"],
            request_id=_rid(request),
        )

    return _write(
        request,
        public_id,
        group=G.FUNDS,
        purpose="flexible funds request",
        form=lambda p: f.FundsForm(request.POST),
        apply=apply,
        key="funds",
    )


@login_required
@require_POST
def funds_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    def apply(actor: Actor, p: Person, form: Any, request: HttpRequest) -> None:
        entry = _child(p.funds_entries, form.cleaned_data["entry"])
        decision, who, rid = form.cleaned_data["decision"], actor.who, _rid(request)
        _seen(form, entry.status, ledger.shown(entry), {"Decision": f.DECISION_LABELS[decision]})
        if decision != "pay":
            require_supervisor(
                request, actor, purpose="flexible funds decision", person_ref=p.public_id
            )
        if decision in ("approve", "decline"):
            ledger.do_decide_funds(
                entry, approve=decision == "approve", who=who, approver=request.user, request_id=rid
            )
        elif decision == "pay":
            ledger.do_pay_funds(entry, who=who, paid_by=request.user, request_id=rid)
        else:
            ledger.do_reverse_funds(entry, who=who, by=request.user, request_id=rid)

    return _write(
        request,
        public_id,
        group=G.FUNDS,
        purpose="flexible funds decision",
        form=lambda p: f.FundsDecisionForm(request.POST),
        apply=apply,
        key="funds_decision",
    )


# ---- caseload views ---------------------------------------------------------------------


@login_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if G.CASEWORK_NOTES not in actor.rule.read or actor.rule.scope not in (
        Scope.OWN_CASELOAD,
        Scope.PROGRAM,
    ):
        raise deny(request, actor, purpose="my caseload", action=AuditAction.LIST)
    with transaction.atomic():
        rows, page = queries.caseload_page(
            actor.program_id,
            request.user,
            show_names=G.IDENTITY in actor.rule.read,
            page=request.GET.get("page"),
        )
        audit.record(
            actor.who,
            action=AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            purpose="my caseload",
            groups=[G.ENROLLMENT_STATUS, G.CASEWORK_NOTES, G.IDENTITY],
            request_id=_rid(request),
            path=request.path,
            detail={"people": [r.person.public_id for r in rows]},
        )
    return render(request, "casework/caseload.html", {"rows": rows, "actor": actor, "page": page})


@login_required
@require_GET
def supervisor(request: HttpRequest) -> HttpResponse:
    actor = require(request, Capability.SUPERVISE, purpose="supervisor dashboard")
    program = actor.membership.program
    with transaction.atomic():
        board = queries.supervisor_dashboard(program, page=request.GET.get("page"))
        spend = ledger.budget_spend(program.pk)
        audit.record(
            actor.who,
            action=AuditAction.LIST,
            outcome=AuditOutcome.ALLOWED,
            purpose="supervisor dashboard",
            groups=[G.ENROLLMENT_STATUS, G.FUNDS],
            request_id=_rid(request),
            path=request.path,
            detail={"people": [p.public_id for p, _ in board.no_contact]},
        )
    money = {
        "budget": ledger.dollars(spend.budget_cents),
        "spent": ledger.dollars(spend.spent_cents),
        "remaining": ledger.dollars(spend.remaining_cents),
        "pending": ledger.dollars(spend.pending_cents),
        "share": round(100 * spend.share_spent),
        "over": spend.budget_cents and spend.spent_cents > spend.budget_cents,
        "by_month": [(m, ledger.dollars(c)) for m, c in spend.by_month.items()],
        "by_category": [(c, ledger.dollars(v)) for c, v in spend.by_category.items()],
    }
    return render(
        request, "casework/supervisor.html", {"board": board, "money": money, "program": program}
    )
