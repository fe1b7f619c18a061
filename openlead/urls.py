"""Every URL here must have a row in tests/access/test_permission_matrix.py."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from openlead.access import account_views, mfa_urls
from openlead.access import views as access_views
from openlead.casework import urls as casework_urls
from openlead.evaluation_runs import urls as evaluation_run_urls
from openlead.legal import urls as legal_urls
from openlead.records import urls as records_urls
from openlead.referrals import urls as referral_urls
from openlead.web import alerts, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", access_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", access_views.password_change, name="password_change"),
    path("", views.home, name="home"),
    path("switch/", views.switch_membership, name="switch_membership"),
    path("people/", views.people_list, name="people_list"),
    path("people/<str:public_id>/", views.person_detail, name="person_detail"),
    path("people/<str:public_id>/notes/", views.add_note, name="add_note"),
    path(
        "people/<str:public_id>/consents/<str:consent_id>/revoke/",
        views.revoke_consent,
        name="revoke_consent",
    ),
    path("people/<str:public_id>/access-history/", views.access_history, name="access_history"),
    path("audit/", views.audit_log, name="audit_log"),
    path("alerts/", alerts.alert_list, name="alert_list"),
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
    path("program/settings/", views.program_settings, name="program_settings"),
]

# Explicit (not include()) so the permission matrix sees every URL name at the top level.
urlpatterns += mfa_urls.urlpatterns
urlpatterns += casework_urls.urlpatterns
urlpatterns += referral_urls.urlpatterns
urlpatterns += legal_urls.urlpatterns
urlpatterns += records_urls.urlpatterns
urlpatterns += evaluation_run_urls.urlpatterns
