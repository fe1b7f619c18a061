"""Casework URLs. Every one has a row in tests/access/test_permission_matrix.py."""

from django.urls import path

from openlead.casework import views
from openlead.casework.views import consents
from openlead.casework.views import forms as form_pages
from openlead.casework.views.safety import safety_flag

urlpatterns = [
    path("casework/", views.caseload, name="casework_caseload"),
    path("casework/supervisor/", views.supervisor, name="casework_supervisor"),
    path("casework/settings/", views.casework_settings, name="casework_settings"),
    path("people/<str:public_id>/casework/", views.person, name="casework_person"),
    path("people/<str:public_id>/contacts/new/", views.contact_new, name="casework_contact_new"),
    path(
        "people/<str:public_id>/assessments/new/",
        views.assessment_new,
        name="casework_assessment_new",
    ),
    path("people/<str:public_id>/status/", views.snapshot, name="casework_snapshot"),
    path("people/<str:public_id>/enrollment/", views.enrollment, name="casework_enrollment"),
    path("people/<str:public_id>/goals/", views.goal_add, name="casework_goal_add"),
    path("people/<str:public_id>/goals/status/", views.goal_status, name="casework_goal_status"),
    path(
        "people/<str:public_id>/appointments/",
        views.appointment_add,
        name="casework_appointment_add",
    ),
    path("people/<str:public_id>/links/", views.link_send, name="casework_link_send"),
    path("people/<str:public_id>/links/state/", views.link_state, name="casework_link_state"),
    path(
        "people/<str:public_id>/links/override/", views.link_override, name="casework_link_override"
    ),
    path("people/<str:public_id>/funds/", views.funds_request, name="casework_funds_request"),
    path("people/<str:public_id>/funds/decide/", views.funds_decide, name="casework_funds_decide"),
    # The casework page's longer forms on their own pages (casework.form_pages); each posts
    # to its write above.
    path(
        "people/<str:public_id>/appointments/new/",
        form_pages.appointment_form,
        name="casework_appointment_form",
    ),
    path("people/<str:public_id>/goals/new/", form_pages.goal_form, name="casework_goal_form"),
    path("people/<str:public_id>/funds/new/", form_pages.funds_form, name="casework_funds_form"),
    # The safety flag (access.safety): set, ask to remove, confirm removal.
    path("people/<str:public_id>/safety/", safety_flag, name="casework_safety_flag"),
]

# Releases of information (issue 11, consent): record, summary, revoke, disclosures.
urlpatterns += [
    path("people/<str:public_id>/consents/new/", consents.consent_new, name="casework_consent_new"),
    path(
        "people/<str:public_id>/consents/disclosures/",
        consents.consent_accounting,
        name="casework_consent_accounting",
    ),
    path(
        "people/<str:public_id>/consents/<str:consent_id>/",
        consents.consent_summary,
        name="casework_consent_summary",
    ),
    path(
        "people/<str:public_id>/consents/<str:consent_id>/revocation/",
        consents.consent_revoke,
        name="casework_consent_revoke",
    ),
]
