"""Thin views: duplicate candidates among the program's own people (issue 17), for the
people who may merge them (Capability.MERGE_PEOPLE: supervisors and program admins).

The pairs come from dedupe() at each linkage run; the page shows both records side by
side with the differing letters marked and the waterfall of match weights, like the link
review. "Same person" records the decision and goes on to the merge preview
(people.merge_views); "not the same person" is remembered and never proposed again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openlead.access.getters import audited_list, get_for, refuse_missing
from openlead.access.helpers import page_of, require
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.records import explain, queries
from openlead.records.actions import duplicates as actions
from openlead.records.models import DuplicatePair, DuplicateStatus

SIDE_BY_SIDE = [
    ("first_name", "First name"),
    ("middle_name", "Middle name"),
    ("last_name", "Last name"),
    ("dob", "Date of birth"),
    ("sex", "Sex"),
    ("state_id", "State id"),
    ("phone", "Phone"),
    ("street", "Address"),
    ("aliases", "Other names"),
]


@login_required
@require_GET
def duplicate_pairs(request: HttpRequest) -> HttpResponse:
    purpose = "duplicate candidates"
    actor = require(request, Capability.MERGE_PEOPLE, purpose=purpose)
    with audited_list(request, purpose=purpose, groups=[FieldGroup.IDENTITY]) as shown:
        page = page_of(queries.pending_duplicates(actor), request.GET.get("page"))
        pairs = queries.duplicate_rows(list(page.object_list))
        shown.detail["pairs"] = [row.pair.public_id for row in pairs]
        # Their names are on the page: the event names both people of every pair.
        shown.shown(p.public_id for row in pairs for p in (row.pair.left, row.pair.right))
    context = {"pairs": pairs, "page": page, "total": page.paginator.count}
    return render(request, "records/duplicate_pairs.html", context)


@login_required
@require_GET
def duplicate_pair(request: HttpRequest, pair_id: str) -> HttpResponse:
    purpose = actions.PURPOSE
    actor = require(request, Capability.MERGE_PEOPLE, purpose=purpose)
    pair: DuplicatePair = get_for(
        request,
        queries.program_duplicates,
        pair_id,
        purpose=purpose,
        groups=[FieldGroup.IDENTITY],
        message="No such pair.",
        detail=actions.pair_detail,
    )
    left, right = queries.duplicate_sides(pair)
    names = queries.duplicate_rows([pair])[0]
    context = {
        "pair": pair,
        **explain.side_by_side(left, right, SIDE_BY_SIDE, pair.weights, keep_empty=False),
        "left_label": names.left_name,
        "right_label": names.right_name,
        "left_to_review": queries.pending_duplicates(actor).count(),
    }
    return render(request, "records/duplicate_pair.html", context)


@login_required
@require_POST
def decide_duplicate(request: HttpRequest, pair_id: str) -> HttpResponse:
    purpose = actions.PURPOSE
    actor = require(request, Capability.MERGE_PEOPLE, purpose=purpose)
    pair = queries.program_duplicates(actor).filter(public_id=pair_id).first()
    if pair is None:
        raise refuse_missing(actor, pair_id, purpose, "No such pair.")
    try:
        actions.check_decide_duplicate(pair, request.POST.get("decision", ""), acting=actor)
    except ValidationError as exc:
        actions.do_refuse_duplicate_decision(pair, exc.messages, acting=actor)
        context = {"errors": exc.messages, "back": "duplicate_pairs"}
        return render(request, "records/decided.html", context, status=409)
    if pair.status == DuplicateStatus.SAME:
        messages.success(
            request, "Marked as the same person. Choose what each field keeps, then merge."
        )
        return redirect("merge_preview", public_id=pair.left.public_id, other=pair.right.public_id)
    following = queries.pending_duplicates(actor).first()
    if following is None:
        messages.success(request, "Marked as not the same person. Every pair is reviewed.")
        return redirect("duplicate_pairs")
    messages.success(request, "Marked as not the same person. The next pair is open.")
    return redirect("duplicate_pair", pair_id=following.public_id)
