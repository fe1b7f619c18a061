from django.urls import path

from openlead.people import identity_views, views

urlpatterns = [
    path("people/", views.people_list, name="people_list"),
    path("people/<str:public_id>/", views.person_detail, name="person_detail"),
    path("people/<str:public_id>/notes/", views.add_note, name="add_note"),
    path(
        "people/<str:public_id>/consents/<str:consent_id>/revoke/",
        views.revoke_consent,
        name="revoke_consent",
    ),
    path("people/<str:public_id>/access-history/", views.access_history, name="access_history"),
    # The person record's parts (issue 11), each its own small form.
    path(
        "people/<str:public_id>/identity/",
        identity_views.edit_identity,
        name="person_identity_edit",
    ),
    path(
        "people/<str:public_id>/contact/", identity_views.edit_contact, name="person_contact_edit"
    ),
    path(
        "people/<str:public_id>/demographics/",
        identity_views.edit_demographics,
        name="person_demographics_edit",
    ),
    path(
        "people/<str:public_id>/identifiers/",
        identity_views.edit_identifiers,
        name="person_identifiers_edit",
    ),
]
