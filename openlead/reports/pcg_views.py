"""Thin views: the policy coordinating group's quarterly report, on the page and as a file.

Only `Capability.SEE_PCG_REPORT` (program admin, supervisor, evaluator) reaches them. They
show aggregates only, each table small-cell-suppressed (pcg_tables), and write one audit
event naming the quarter and the tables, never a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from openlead.access.acting import Actor
from openlead.access.getters import audited_list
from openlead.access.helpers import require
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.programs.dates import program_today
from openlead.reports.forms import QuarterForm
from openlead.reports.pcg_quarters import Quarter, quarters_of
from openlead.reports.pcg_queries import report_tables
from openlead.reports.pcg_svg import bar_chart
from openlead.reports.pcg_tables import SUPPRESSION_RULE, Published

CAPABILITY = Capability.SEE_PCG_REPORT
PAGE = "pcg/report.html"


@dataclass(frozen=True)
class Section:
    table: Published
    chart: str


def _picked(request: HttpRequest, actor: Actor) -> tuple[QuarterForm, Quarter | None]:
    """The form and its quarter: the latest one when none is asked for, None when the
    one asked for is not a quarter of this program."""
    quarters = quarters_of(actor.membership.program, program_today())
    by_code = {q.code: q for q in quarters}
    choices = [(q.code, q.label) for q in quarters]
    if "quarter" not in request.GET:
        return QuarterForm(initial={"quarter": quarters[0].code}, choices=choices), quarters[0]
    form = QuarterForm(request.GET, choices=choices)
    if not form.is_valid():
        return form, None
    return form, by_code[form.cleaned_data["quarter"]]


def _sections(request: HttpRequest, actor: Actor, quarter: Quarter, action: str) -> list[Section]:
    purpose = (
        "policy group report" if action == AuditAction.READ else "policy group report download"
    )
    with audited_list(request, purpose=purpose, action=action, people=False) as listing:
        tables = [t.publish() for t in report_tables(actor.membership.program, quarter)]
        listing.detail = {
            "quarter": quarter.code,
            "tables": [t.key for t in tables],
            "hidden": sum(t.hidden for t in tables),
        }
    return [Section(t, bar_chart(t.title, t.series())) for t in tables]


def _context(actor: Actor, form: QuarterForm, quarter: Quarter | None) -> dict[str, object]:
    return {
        "form": form,
        "quarter": quarter,
        "program": actor.membership.program,
        "rule": SUPPRESSION_RULE,
        "made": timezone.localtime(),
    }


@login_required
@require_GET
def pcg_report(request: HttpRequest) -> HttpResponse:
    """The report for one quarter (the latest by default), with its quarter picker."""
    actor = require(request, CAPABILITY, purpose="policy group report")
    form, quarter = _picked(request, actor)
    context = _context(actor, form, quarter)
    if quarter is None:
        return render(request, PAGE, context, status=400)
    context["sections"] = _sections(request, actor, quarter, AuditAction.READ)
    return render(request, PAGE, context)


@login_required
@require_GET
def pcg_download(request: HttpRequest) -> HttpResponse:
    """The same report as one self-contained HTML file, as an attachment (its inline
    <style> would break the app's CSP as a page)."""
    actor = require(request, CAPABILITY, purpose="policy group report download")
    form, quarter = _picked(request, actor)
    if quarter is None:
        return render(request, PAGE, _context(actor, form, None), status=400)
    context = _context(actor, form, quarter)
    context["sections"] = _sections(request, actor, quarter, AuditAction.EXPORT)
    body = render_to_string("pcg/download.html", context, request=request)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    filename = f"policy-group-report-{actor.membership.program.slug}-{quarter.code}.html"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
