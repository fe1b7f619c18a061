"""API URLs, merged into openlead/urls.py; every one has a row in
tests/access/test_permission_matrix.py (through tests/api/matrix.py)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from openlead.api import pages, problems
from openlead.api.views import casework, evaluation, imports, referrals
from openlead.api.views._common import PUBLIC_ID

ID = rf"(?P<public_id>{PUBLIC_ID})"
V1 = "api/v1/"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", pages.docs, name="api_docs"),
    path("api/tokens/", pages.tokens, name="api_tokens"),
    re_path(
        rf"^api/tokens/(?P<token_id>{PUBLIC_ID})/revoke/$",
        pages.token_revoke,
        name="api_token_revoke",
    ),
    path(V1 + "referrals/", referrals.ReferralList.as_view(), name="api_referrals"),
    re_path(
        r"^api/v1/referrals/form/(?P<door>arrest|social_contact)/$",
        referrals.ReferralForm.as_view(),
        name="api_referral_form",
    ),
    re_path(rf"^api/v1/referrals/{ID}/$", referrals.ReferralDetail.as_view(), name="api_referral"),
    path(V1 + "caseload/", casework.Caseload.as_view(), name="api_caseload"),
    re_path(rf"^api/v1/people/{ID}/contacts/$", casework.Contacts.as_view(), name="api_contacts"),
    re_path(
        rf"^api/v1/people/{ID}/appointments/$",
        casework.Appointments.as_view(),
        name="api_appointments",
    ),
    re_path(rf"^api/v1/people/{ID}/goals/$", casework.Goals.as_view(), name="api_goals"),
    re_path(
        rf"^api/v1/people/{ID}/goals/(?P<goal_id>{PUBLIC_ID})/$",
        casework.GoalDetail.as_view(),
        name="api_goal",
    ),
    re_path(
        rf"^api/v1/people/{ID}/monthly-status/$",
        casework.MonthlyStatus.as_view(),
        name="api_monthly_status",
    ),
    path(V1 + "imports/", imports.Batches.as_view(), name="api_import_batches"),
    re_path(
        rf"^api/v1/imports/(?P<batch_id>{PUBLIC_ID})/$",
        imports.BatchDetail.as_view(),
        name="api_import_batch",
    ),
    re_path(
        rf"^api/v1/imports/(?P<batch_id>{PUBLIC_ID})/rejected-rows/$",
        imports.RejectedRows.as_view(),
        name="api_import_rejected_rows",
    ),
    path(V1 + "evaluation/runs/", evaluation.Runs.as_view(), name="api_evaluation_runs"),
    re_path(
        rf"^api/v1/evaluation/runs/(?P<run_id>{PUBLIC_ID})/$",
        evaluation.RunDetail.as_view(),
        name="api_evaluation_run",
    ),
    re_path(
        rf"^api/v1/evaluation/runs/(?P<run_id>{PUBLIC_ID})/results/$",
        evaluation.RunResults.as_view(),
        name="api_evaluation_results",
    ),
    # Anything else under /api/: a problem document, never the HTML 404 page.
    re_path(r"^api/", problems.not_found, name="api_not_found"),
]
