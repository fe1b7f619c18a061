"""The accountability page, its CSV and its settings page.

/p/<slug>/accountability/ answers anyone when the program has published it, and otherwise
only the program's staff who may see the policy group's report (SEE_PCG_REPORT); everyone
else gets 404, as if there were no page. Staff views are audited (one people-free READ or
EXPORT event naming the year); anonymous views are not: the figures are published, and an
event per anonymous visit would let anyone flood the audit chain (docs/accountability.md).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from openlead.access.acting import chosen_membership, current_actor
from openlead.access.getters import audited_list
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.accountability import csvfile, page, queries
from openlead.accountability.figures import Figures, figures_for
from openlead.accountability.forms import YearForm
from openlead.evaluation.suppression import SMALL_CELL
from openlead.programs.dates import program_today
from openlead.programs.models import Program
from openlead.reports.pcg_quarters import Quarter, program_zone, quarters_of

PAGE = "accountability/public.html"


def _is_staff_reader(request: HttpRequest, program: Program) -> bool:
    if not request.user.is_authenticated:
        return False
    chosen = chosen_membership(request)
    if chosen is None or chosen.program_id != program.pk:
        return False
    return current_actor(request).can(Capability.SEE_PCG_REPORT)


def _program_for(request: HttpRequest, slug: str) -> tuple[Program, bool]:
    """The program and whether this is a staff view; 404 when the visitor may not see it."""
    program = get_object_or_404(Program, slug=slug)
    staff = _is_staff_reader(request, program)
    if not staff and not queries.is_public(program):
        raise Http404("No accountability page here.")
    return program, staff


def _years(program: Program) -> list[int]:
    quarters = quarters_of(program, program_today())
    return sorted({q.year for q in quarters}, reverse=True)


def _quarters(program: Program, year: int) -> list[Quarter]:
    today = program_today()
    return sorted(q for q in quarters_of(program, today) if q.year == year)


def _picked(request: HttpRequest, program: Program) -> tuple[YearForm, int | None]:
    years = _years(program)
    if "year" not in request.GET:
        return YearForm(initial={"year": years[0]}, years=years), years[0]
    form = YearForm(request.GET, years=years)
    return form, form.cleaned_data["year"] if form.is_valid() else None


def _figures(
    request: HttpRequest, program: Program, year: int, staff: bool, action: str
) -> Figures:
    quarters = _quarters(program, year)
    if not staff:
        return figures_for(program, quarters)
    purpose = "accountability page" if action == AuditAction.READ else "accountability download"
    with audited_list(request, purpose=purpose, action=action, people=False) as listing:
        figures = figures_for(program, quarters)
        listing.detail = {"program": program.slug, "year": year}
    return figures


def _context(program: Program, form: YearForm, staff: bool) -> dict[str, object]:
    return {
        "program": program,
        "form": form,
        "staff": staff,
        "public": queries.is_public(program),
        "small": SMALL_CELL,
        "made": timezone.localtime(timezone.now(), program_zone(program)),
    }


@require_GET
def accountability_page(request: HttpRequest, slug: str) -> HttpResponse:
    program, staff = _program_for(request, slug)
    form, year = _picked(request, program)
    context = _context(program, form, staff)
    if year is None:
        return render(request, PAGE, context, status=400)
    figures = _figures(request, program, year, staff, AuditAction.READ)
    context.update(
        figures=figures,
        sections=page.sections(figures),
        current=_current_quarter(figures.quarters),
    )
    return render(request, PAGE, context)


def _current_quarter(quarters: list[Quarter]) -> Quarter | None:
    today = program_today()
    return next((q for q in quarters if q.first_day <= today <= q.last_day), None)


@require_GET
def accountability_csv(request: HttpRequest, slug: str) -> HttpResponse:
    program, staff = _program_for(request, slug)
    form, year = _picked(request, program)
    if year is None:
        return render(request, PAGE, _context(program, form, staff), status=400)
    figures = _figures(request, program, year, staff, AuditAction.EXPORT)
    response = HttpResponse(csvfile.render(figures), content_type="text/csv; charset=utf-8")
    name = f"accountability-{program.slug}-{year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
