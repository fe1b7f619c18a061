from django.urls import path

from openlead.retention import views

urlpatterns = [
    path("people/<str:public_id>/delete/", views.person_deletion, name="person_deletion"),
    path("people/<str:public_id>/hold/", views.person_hold, name="person_hold"),
    path("retention/deletions/", views.deletion_requests, name="deletion_requests"),
    path(
        "retention/deletions/<str:public_id>/decide/",
        views.deletion_decide,
        name="deletion_decide",
    ),
    path("retention/holds/", views.legal_holds, name="legal_holds"),
    path("retention/holds/place/", views.legal_hold_place, name="legal_hold_place"),
    path("retention/holds/<str:public_id>/lift/", views.legal_hold_lift, name="legal_hold_lift"),
    path("program/retention/", views.retention_schedule, name="retention_schedule"),
]
