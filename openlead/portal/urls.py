"""The participant's own pages (/me/...) and the care team's two portal actions on the
casework page. Every one has rows in tests/portal/matrix.py."""

from django.urls import path, re_path

from openlead.portal import views

urlpatterns = [
    path("me/", views.home, name="portal_home"),
    path("me/enrol/", views.enrol, name="portal_enrol"),
    path("me/signin/", views.signin, name="portal_signin"),
    path("me/signin/passkey/options/", views.passkey_signin_options, name="portal_passkey_options"),
    path("me/signin/passkey/", views.passkey_signin, name="portal_passkey_signin"),
    path("me/passkeys/new/options/", views.passkey_new_options, name="portal_passkey_new_options"),
    path("me/passkeys/new/", views.passkey_register, name="portal_passkey_register"),
    path(
        "me/passkeys/<str:passkey_id>/remove/", views.passkey_remove, name="portal_passkey_remove"
    ),
    path("me/releases/", views.releases, name="portal_releases"),
    path("me/releases/<str:consent_id>/revoke/", views.revoke, name="portal_revoke"),
    path("me/disclosures/", views.disclosures, name="portal_disclosures"),
    path("me/who-read/", views.who_read, name="portal_who_read"),
    path("me/notes/", views.notes, name="portal_notes"),
    path("me/correction/", views.correction, name="portal_correction"),
    path("me/delete/", views.deletion, name="portal_deletion"),
    path("me/safety/", views.safety, name="portal_safety"),
    re_path(r"^me/download/(?P<fmt>[a-z]{1,8})/$", views.download, name="portal_download"),
    path("people/<str:public_id>/portal/code/", views.issue_code, name="portal_issue_code"),
    path(
        "people/<str:public_id>/portal/corrections/<str:correction_id>/done/",
        views.correction_done,
        name="portal_correction_done",
    ),
]
