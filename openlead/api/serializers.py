"""Request and response shapes (DRF serializers: the OpenAPI document is built from them)."""

from __future__ import annotations

from rest_framework import serializers

from openlead.records.actions.imports import mapping_names

NULL = {"allow_null": True, "required": False}


class ReasonSerializer(serializers.Serializer):
    clause = serializers.CharField()
    detail = serializers.CharField()
    clause_text = serializers.CharField(allow_blank=True)


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    protocol_id = serializers.CharField()
    protocol_version = serializers.CharField()
    reasons = ReasonSerializer(many=True)


class ReferralSerializer(serializers.Serializer):
    id = serializers.CharField()
    door = serializers.CharField()
    status = serializers.CharField(
        help_text="The status code the page shows (a lapsed window reads returned)."
    )
    status_label = serializers.CharField()
    referred_at = serializers.DateTimeField()
    visible_until = serializers.DateTimeField(
        **NULL, help_text="For the referrer: until when the name and screening are shown."
    )
    name = serializers.CharField(**NULL)
    outcome = serializers.CharField(**NULL)
    decision = DecisionSerializer(**NULL)
    report_number = serializers.CharField(**NULL)
    intake_deadline = serializers.DateTimeField(**NULL)
    intake_completed_at = serializers.DateTimeField(**NULL)


class ReferralRowSerializer(serializers.Serializer):
    id = serializers.CharField()
    door = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    referred_at = serializers.DateTimeField()


class NewReferralSerializer(serializers.Serializer):
    door = serializers.ChoiceField(choices=["arrest", "social_contact"])
    answers = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        default=dict,
        help_text="The referral form's fields by name (name, date_of_birth, report_number and "
        "the protocol's questions), each a string or a list of strings; GET "
        "/api/v1/referrals/form/{door}/ lists them.",
    )


class FormFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    many = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField())


class PersonRowSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField(**NULL)
    status = serializers.CharField()
    last_contact = serializers.DateTimeField(**NULL)
    open_goals = serializers.IntegerField()
    next_appointment = serializers.DateTimeField(**NULL)
    monthly_status_overdue = serializers.DateField(**NULL)


class ContactSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    occurred_at = serializers.DateTimeField(required=False)
    kind = serializers.CharField(required=False, max_length=16)
    duration_minutes = serializers.IntegerField(required=False, min_value=1, max_value=1440)
    location = serializers.CharField(required=False, max_length=12)
    services = serializers.ListField(
        child=serializers.CharField(max_length=16), required=False, max_length=20
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class AppointmentSerializer(serializers.Serializer):
    id = serializers.CharField()
    starts_at = serializers.DateTimeField()
    kind = serializers.CharField()
    status = serializers.CharField()
    provider = serializers.CharField(**NULL)
    note = serializers.CharField(allow_blank=True)


class GoalSerializer(serializers.Serializer):
    id = serializers.CharField()
    domain = serializers.CharField()
    words = serializers.CharField(allow_blank=True)
    steps = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(**NULL)


class GoalStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "achieved", "set_aside"])


class SnapshotSerializer(serializers.Serializer):
    month = serializers.DateField()
    living_situation = serializers.IntegerField()
    employment_stage = serializers.CharField()
    income_any = serializers.IntegerField()
    insurance_any = serializers.IntegerField()
    recorded_at = serializers.DateTimeField()


class BatchSerializer(serializers.Serializer):
    id = serializers.CharField()
    source = serializers.CharField()
    status = serializers.CharField()
    rows_seen = serializers.IntegerField()
    rows_imported = serializers.IntegerField()
    rows_skipped_existing = serializers.IntegerField()
    errors = serializers.IntegerField()
    started_at = serializers.DateTimeField(**NULL)
    finished_at = serializers.DateTimeField(**NULL)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The CSV extract, as `openlead import justice` reads.")
    mapping = serializers.ChoiceField(
        choices=mapping_names(),
        help_text="A bundled mapping (openlead/records/mappings/) by name.",
    )
    source = serializers.CharField(
        max_length=80, help_text="The source system's short name, e.g. spd-rms."
    )


class RejectedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()


class RunSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.CharField()
    designs = serializers.CharField(allow_blank=True)
    started_at = serializers.DateTimeField(**NULL)
    finished_at = serializers.DateTimeField(**NULL)
    counts = serializers.DictField(child=serializers.CharField())
