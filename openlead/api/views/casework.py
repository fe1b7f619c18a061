"""Casework for care-team clients (a future offline phone app): my caseload, and each
person's contacts, appointments, plan goals and monthly status, through the casework
page's own getter (casework.access.casework_person: audited 404 outside the scope, 403
without the field group) and actions (check_record_contact, check_set_goal_status)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from openlead.access.getters import audited_list
from openlead.access.roles import FieldGroup
from openlead.api import serializers as s
from openlead.api.etags import require_match, with_etag
from openlead.api.idempotency import idempotent_create
from openlead.api.models import Scope
from openlead.api.views._common import IDEMPOTENCY, IF_MATCH, ApiView
from openlead.casework import actions, queries
from openlead.casework.access import audited_read, casework_person, child, require_caseload
from openlead.casework.models import Goal
from openlead.people import vault
from openlead.people.models import Person

G = FieldGroup


class Caseload(ApiView):
    read_scope = Scope.CASEWORK_READ

    @extend_schema(responses=s.PersonRowSerializer(many=True), operation_id="caseload_list")
    def get(self, request: Request) -> Response:
        purpose = "my caseload via the API"
        actor = require_caseload(request, purpose=purpose)
        names = G.IDENTITY in actor.rule.read
        groups = [G.ENROLLMENT_STATUS, G.CASEWORK_NOTES, G.IDENTITY]
        page = str(request.query_params.get("page", "1"))
        with audited_list(request, purpose=purpose, groups=groups) as listing:
            shown = queries.caseload_page(actor.program_id, actor.user, show_names=names, page=page)
            listing.shown(r.person.public_id for r in shown.rows)
        rows = [
            {
                "id": r.person.public_id,
                "name": r.name or None,
                "status": r.person.status,
                "last_contact": r.last_contact,
                "open_goals": r.open_goals,
                "next_appointment": r.next_appointment,
                "monthly_status_overdue": r.snapshot_overdue,
            }
            for r in shown.rows
        ]
        return Response(
            {
                "count": shown.page.paginator.count,
                "next": _link(request, shown.page.next_page_number())
                if shown.page.has_next()
                else None,
                "previous": _link(request, shown.page.previous_page_number())
                if shown.page.has_previous()
                else None,
                "results": s.PersonRowSerializer(rows, many=True).data,
            }
        )


def _link(request: Request, number: int) -> str:
    return request.build_absolute_uri(f"{request.path}?page={number}")


class _PersonRows(ApiView):
    """One person's rows of one kind, a page at a time, under one READ event."""

    read_scope = Scope.CASEWORK_READ
    write_scope = Scope.CASEWORK_WRITE
    purpose = ""

    def rows(self, person: Person) -> QuerySet[Any]:
        raise NotImplementedError

    def body(self, row: Any, dek: bytes) -> dict[str, Any]:
        raise NotImplementedError

    def listed(self, request: Request, public_id: str) -> Response:
        actor, person, groups = casework_person(
            request, public_id, group=G.CASEWORK_NOTES, purpose=self.purpose
        )
        with audited_read(actor, person, [G.CASEWORK_NOTES], purpose=self.purpose):
            page = self.paginate_queryset(self.rows(person))
            assert page is not None
            dek = vault.data_key(person.public_id)
            rows = [self.body(row, dek) for row in page]
        return self.get_paginated_response(rows)


class Contacts(_PersonRows):
    purpose = "contacts via the API"

    def rows(self, person: Person) -> QuerySet[Any]:
        return person.contacts.order_by("-occurred_at", "pk")

    def body(self, row: Any, dek: bytes) -> dict[str, Any]:
        return {
            "id": row.public_id,
            "occurred_at": row.occurred_at,
            "kind": row.kind,
            "duration_minutes": row.duration_minutes,
            "location": row.location,
            "services": list(row.services),
            "note": queries.open_contact_note(row, dek),
        }

    @extend_schema(responses=s.ContactSerializer(many=True), operation_id="contacts_list")
    def get(self, request: Request, public_id: str) -> Response:
        return self.listed(request, public_id)

    @extend_schema(
        request=s.ContactSerializer,
        responses={201: s.ContactSerializer},
        parameters=[IDEMPOTENCY],
        operation_id="contacts_create",
    )
    def post(self, request: Request, public_id: str) -> Response:
        purpose = "record contact via the API"
        actor, person, _ = casework_person(
            request, public_id, group=G.CASEWORK_NOTES, purpose=purpose, write=True
        )
        given = s.ContactSerializer(data=request.data)
        given.is_valid(raise_exception=True)

        def create() -> str:
            contact = actions.check_record_contact(person, acting=actor, **given.validated_data)
            return contact.public_id

        def show(contact_id: str) -> Response:
            with audited_read(actor, person, [G.CASEWORK_NOTES], purpose=purpose):
                contact = child(actor, person.contacts.all(), contact_id, purpose=purpose)
                body = self.body(contact, vault.data_key(person.public_id))
            return Response(s.ContactSerializer(body).data)

        response = idempotent_create(request, create, show)
        response["Location"] = f"/api/v1/people/{public_id}/contacts/{response.data['id']}/"
        return response


class Appointments(_PersonRows):
    purpose = "appointments via the API"

    def rows(self, person: Person) -> QuerySet[Any]:
        return person.appointments.select_related("provider").order_by("starts_at", "pk")

    def body(self, row: Any, dek: bytes) -> dict[str, Any]:
        return {
            "id": row.public_id,
            "starts_at": row.starts_at,
            "kind": row.kind,
            "status": row.status,
            "provider": row.provider.name if row.provider else None,
            "note": queries.open_appointment_note(row, dek),
        }

    @extend_schema(responses=s.AppointmentSerializer(many=True), operation_id="appointments_list")
    def get(self, request: Request, public_id: str) -> Response:
        return self.listed(request, public_id)


def goal_body(goal: Goal, dek: bytes) -> dict[str, Any]:
    words, steps = queries.open_goal(goal, dek)
    return {
        "id": goal.public_id,
        "domain": goal.domain,
        "words": words,
        "steps": steps,
        "status": goal.status,
        "opened_on": goal.opened_on,
        "closed_on": goal.closed_on,
    }


class Goals(_PersonRows):
    purpose = "plan goals via the API"

    def rows(self, person: Person) -> QuerySet[Any]:
        return person.goals.order_by("status", "-opened_on", "-pk")

    def body(self, row: Any, dek: bytes) -> dict[str, Any]:
        return goal_body(row, dek)

    @extend_schema(responses=s.GoalSerializer(many=True), operation_id="goals_list")
    def get(self, request: Request, public_id: str) -> Response:
        return self.listed(request, public_id)


def _goal_state(goal: Goal) -> dict[str, str]:
    """What a status change is decided on: the goal and the status the client read."""
    return {"goal": goal.public_id, "status": goal.status}


class GoalDetail(ApiView):
    read_scope = Scope.CASEWORK_READ
    write_scope = Scope.CASEWORK_WRITE

    @extend_schema(responses=s.GoalSerializer, operation_id="goals_retrieve")
    def get(self, request: Request, public_id: str, goal_id: str) -> Response:
        purpose = "plan goal via the API"
        actor, person, _ = casework_person(
            request, public_id, group=G.CASEWORK_NOTES, purpose=purpose
        )
        with audited_read(actor, person, [G.CASEWORK_NOTES], purpose=purpose):
            goal = child(actor, person.goals.all(), goal_id, purpose=purpose)
            body = goal_body(goal, vault.data_key(person.public_id))
        return with_etag(Response(s.GoalSerializer(body).data), _goal_state(goal))

    @extend_schema(
        request=s.GoalStatusSerializer,
        responses=s.GoalSerializer,
        parameters=[IF_MATCH],
        operation_id="goals_partial_update",
    )
    def patch(self, request: Request, public_id: str, goal_id: str) -> Response:
        purpose = "goal status via the API"
        actor, person, _ = casework_person(
            request, public_id, group=G.CASEWORK_NOTES, purpose=purpose, write=True
        )
        goal = child(actor, person.goals.all(), goal_id, purpose=purpose)
        given = s.GoalStatusSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        require_match(request, _goal_state(goal))
        actions.check_set_goal_status(
            goal, status=given.validated_data["status"], acting=actor, seen=goal.status
        )
        return self.get(request, public_id, goal_id)


class MonthlyStatus(_PersonRows):
    purpose = "monthly status via the API"

    def rows(self, person: Person) -> QuerySet[Any]:
        return person.status_snapshots.order_by("-month", "pk")

    def body(self, row: Any, dek: bytes) -> dict[str, Any]:
        return {
            "month": row.month,
            "living_situation": row.living_situation,
            "employment_stage": row.employment_stage,
            "income_any": row.income_any,
            "insurance_any": row.insurance_any,
            "recorded_at": row.recorded_at,
        }

    @extend_schema(responses=s.SnapshotSerializer(many=True), operation_id="monthly_status_list")
    def get(self, request: Request, public_id: str) -> Response:
        return self.listed(request, public_id)
