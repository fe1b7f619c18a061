from django.urls import path

from openlead.people import views

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
]
