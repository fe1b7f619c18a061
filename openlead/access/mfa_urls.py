"""MFA pages. Every one has a row in tests/access/test_permission_matrix.py (MFA_MATRIX)."""

from django.urls import path

from openlead.access import mfa_views

urlpatterns = [
    path("account/mfa/enrol/", mfa_views.enrol, name="mfa_enrol"),
    path("account/mfa/recovery-codes/", mfa_views.recovery_codes, name="mfa_recovery_codes"),
    path("account/mfa/verify/", mfa_views.verify, name="mfa_verify"),
    path("account/mfa/step-up/", mfa_views.step_up, name="mfa_step_up"),
    path("users/<str:public_id>/mfa-reset/", mfa_views.reset, name="mfa_reset"),
]
