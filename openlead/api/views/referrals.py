"""Referrals for agency systems: make an arrest or social-contact referral (the officer's
form and screening, referrals.actions.do_make_referral) and read back what the officer's
page shows (referrals.queries.read_referral_for: the name and screening for 12 hours)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import QueryDict
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from openlead.access.acting import current_actor
from openlead.access.getters import audited_list, refuse_denied
from openlead.api import serializers as s
from openlead.api.auth import token_of
from openlead.api.etags import with_etag
from openlead.api.idempotency import idempotent_create, key_of
from openlead.api.models import Scope
from openlead.api.problems import Conflict
from openlead.api.views._common import IDEMPOTENCY, ApiView
from openlead.referrals import actions
from openlead.referrals.access import require_listing, sees_workgroup
from openlead.referrals.clock import program_protocol
from openlead.referrals.facts_form import FactsForm
from openlead.referrals.models import Referral, Status
from openlead.referrals.queries import (
    REFERRER_WORDS,
    RESULT_VISIBLE,
    ReferralPage,
    my_referrals,
    offered_doors,
    officer_status,
    open_referrals,
    read_referral_for,
    shown_status,
)

PURPOSE = "referral via the API"
NOT_ENROLLED = "not_enrolled"  # the referrer's word for a person's own "no" (REFERRER_WORDS)


def _status_code(page: ReferralPage) -> str:
    if page.is_referrer_view and page.status in REFERRER_WORDS:
        return NOT_ENROLLED
    return page.status


def referral_body(page: ReferralPage) -> dict[str, Any]:
    """The referral page's facts, as the page shows them to this actor."""
    r = page.referral
    screening = page.sees_screening and page.decision is not None
    decision = page.decision if screening else None
    shows_outcome = screening or (bool(r.outcome) and not page.is_referrer_view)
    return {
        "id": r.public_id,
        "door": r.door,
        "status": _status_code(page),
        "status_label": page.officer_status if page.is_referrer_view else page.status_label,
        "referred_at": r.referred_at,
        "visible_until": r.referred_at + RESULT_VISIBLE if page.is_referrer_view else None,
        "name": page.name or None,
        "outcome": r.outcome if shows_outcome else None,
        "decision": _decision(decision) if decision else None,
        "report_number": page.report_number or None,
        "intake_deadline": r.intake_deadline,
        "intake_completed_at": r.intake_completed_at,
    }


def _decision(decision: dict[str, Any]) -> dict[str, Any]:
    reasons = [
        {
            "clause": str(x.get("clause", "")),
            "detail": str(x.get("detail", "")),
            "clause_text": str(x.get("clause_text", "")),
        }
        for x in decision.get("reasons", [])
    ]
    return {
        "outcome": decision.get("outcome", ""),
        "protocol_id": decision.get("protocol_id", ""),
        "protocol_version": decision.get("protocol_version", ""),
        "reasons": reasons,
    }


def show_referral(request: Request, public_id: str) -> Response:
    page = read_referral_for(request, public_id, purpose=PURPOSE)
    body = referral_body(page)
    return with_etag(Response(s.ReferralSerializer(body).data), body)


def _form_data(answers: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in answers.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, (dict, list)) for v in values):
            raise exceptions.ValidationError(
                {f"answers.{name}": ["Give a string or a list of strings."]}
            )
        data.setlist(str(name), ["" if v is None else str(v) for v in values])
    return data


def _submit_token(request: Request) -> str:
    """The referral's own double-submit token, from the caller and its key (64 hex)."""
    token = token_of(request)
    owner = token.public_id if token is not None else request.user.public_id
    return hashlib.sha256(f"api|{owner}|{key_of(request)}".encode()).hexdigest()


class ReferralList(ApiView):
    read_scope = Scope.REFERRALS_READ
    write_scope = Scope.REFERRALS_WRITE

    @extend_schema(responses=s.ReferralRowSerializer(many=True), operation_id="referrals_list")
    def get(self, request: Request) -> Response:
        actor = require_listing(request, purpose=PURPOSE)
        referrals = open_referrals(actor) if sees_workgroup(actor) else my_referrals(actor)
        with audited_list(request, purpose=PURPOSE, people=False) as listing:
            page = self.paginate_queryset(referrals)
            assert page is not None
            listing.groups = ["enrollment_status"]
            listing.detail = {"referrals": [r.public_id for r in page]}
            rows = [_row(r, lists_own=actor.rule.lists_own_referrals) for r in page]
        return self.get_paginated_response(s.ReferralRowSerializer(rows, many=True).data)

    @extend_schema(
        request=s.NewReferralSerializer,
        responses={201: s.ReferralSerializer},
        parameters=[IDEMPOTENCY],
        operation_id="referrals_create",
    )
    def post(self, request: Request) -> Response:
        actor = current_actor(request)
        given = s.NewReferralSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        door = given.validated_data["door"]
        if door not in dict(offered_doors(actor)):
            raise refuse_denied(actor, "new referral")
        protocol = program_protocol(actor.membership.program)
        if protocol is None:
            raise Conflict("This program has no eligibility protocol set yet.")
        data = _form_data(given.validated_data["answers"])
        data["submit_token"] = _submit_token(request)
        form = FactsForm(data, protocol=protocol, door=door)
        if not form.is_valid():
            raise exceptions.ValidationError({f"answers.{k}": v for k, v in form.errors.items()})

        def create() -> str:
            born = form.date_of_birth()
            new = actions.NewReferral(
                program=actor.membership.program,
                door=door,
                facts=form.facts(),
                name=form.cleaned_data.get("name", ""),
                date_of_birth=born.isoformat() if born else "",
                answers=form.answers(),
                referrer=actor.user,
                referrer_organization_id=actor.membership.organization_id,
                submit_token=form.cleaned_data["submit_token"],
            )
            return actions.do_make_referral(new, acting=actor).public_id

        response = idempotent_create(request, create, lambda pid: show_referral(request, pid))
        response["Location"] = f"/api/v1/referrals/{response.data['id']}/"
        return response


def _row(referral: Referral, *, lists_own: bool) -> dict[str, Any]:
    from django.utils import timezone

    now = timezone.now()
    status = shown_status(referral, now)
    if lists_own:
        code = NOT_ENROLLED if status in REFERRER_WORDS else status
        label = officer_status(referral, now)
    else:
        code, label = status, Status(status).label
    return {
        "id": referral.public_id,
        "door": referral.door,
        "status": code,
        "status_label": label,
        "referred_at": referral.referred_at,
    }


class ReferralDetail(ApiView):
    read_scope = Scope.REFERRALS_READ

    @extend_schema(responses=s.ReferralSerializer, operation_id="referrals_retrieve")
    def get(self, request: Request, public_id: str) -> Response:
        return show_referral(request, public_id)


class ReferralForm(ApiView):
    """The questions a door asks under the program's protocol, so a client can build them."""

    read_scope = Scope.REFERRALS_WRITE
    pagination_class = None  # one short list of questions

    @extend_schema(responses=s.FormFieldSerializer(many=True), operation_id="referrals_form")
    def get(self, request: Request, door: str) -> Response:
        actor = current_actor(request)
        if door not in dict(offered_doors(actor)) or door not in ("arrest", "social_contact"):
            raise refuse_denied(actor, "referral form")
        protocol = program_protocol(actor.membership.program)
        if protocol is None:
            raise Conflict("This program has no eligibility protocol set yet.")
        form = FactsForm(protocol=protocol, door=door)
        rows = [
            _field(name, field) for name, field in form.fields.items() if name != "submit_token"
        ]
        return Response(s.FormFieldSerializer(rows, many=True).data)


def _field(name: str, field: Any) -> dict[str, Any]:
    from django import forms

    choices = (
        [str(c[0]) for c in getattr(field, "choices", [])] if hasattr(field, "choices") else []
    )
    return {
        "name": name,
        "label": str(field.label or name),
        "required": bool(field.required),
        "many": isinstance(field, forms.MultipleChoiceField),
        "choices": choices,
    }
