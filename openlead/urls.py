"""Every URL here must have a row in tests/access/test_permission_matrix.py."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path
from django.views.i18n import set_language

from openlead import views
from openlead.access import account_views, audit_views, mfa_urls
from openlead.access import views as access_views
from openlead.accountability import urls as accountability_urls
from openlead.api import urls as api_urls
from openlead.casework import urls as casework_urls
from openlead.hmis import urls as hmis_urls
from openlead.legal import urls as legal_urls
from openlead.people import merge_urls
from openlead.people import urls as people_urls
from openlead.portal import urls as portal_urls
from openlead.programs import urls as programs_urls
from openlead.records import urls as records_urls
from openlead.referrals import urls as referral_urls
from openlead.reports import urls as reports_urls
from openlead.retention import urls as retention_urls

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", access_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", access_views.password_change, name="password_change"),
    path("", views.home, name="home"),
    # The language switch in every page's footer (a POST form, no JavaScript; issue 14).
    path("language/", set_language, name="set_language"),
    path("switch/", access_views.switch_membership, name="switch_membership"),
    *people_urls.urlpatterns,
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("alerts/", audit_views.alert_list, name="alert_list"),
    path("users/", account_views.users, name="users"),
    path("users/<str:public_id>/", account_views.user_detail, name="user_detail"),
    path("users/<str:public_id>/role/", account_views.user_grant, name="user_grant"),
    re_path(
        r"^users/(?P<public_id>[^/]+)/(?P<change>deactivate|reactivate|reset-password|unlock)/$",
        account_views.user_change,
        name="user_change",
    ),
    path("users/grants/<str:grant_id>/decide/", account_views.grant_decide, name="grant_decide"),
    path("account/set-password/<str:token>/", account_views.set_password, name="set_password"),
    *programs_urls.urlpatterns,
]

# Explicit (not include()) so the permission matrix sees every URL name at the top level.
urlpatterns += mfa_urls.urlpatterns
urlpatterns += casework_urls.urlpatterns
urlpatterns += referral_urls.urlpatterns
urlpatterns += legal_urls.urlpatterns
urlpatterns += records_urls.urlpatterns
urlpatterns += reports_urls.urlpatterns
urlpatterns += merge_urls.urlpatterns
urlpatterns += portal_urls.urlpatterns
urlpatterns += retention_urls.urlpatterns
urlpatterns += hmis_urls.urlpatterns
urlpatterns += accountability_urls.urlpatterns
urlpatterns += api_urls.urlpatterns
