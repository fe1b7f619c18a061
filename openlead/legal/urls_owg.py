"""The operational work group's meetings, agendas and minutes (tests/legal/owg_matrix.py)."""

from django.urls import URLPattern, path

from openlead.legal.owg import views

urlpatterns: list[URLPattern] = [
    path("owg/", views.meeting_list, name="owg_meetings"),
    path("owg/new/", views.schedule, name="owg_schedule"),
    path("owg/<str:public_id>/", views.meeting_detail, name="owg_meeting"),
    path("owg/<str:public_id>/print/", views.meeting_print, name="owg_print"),
    path("owg/<str:public_id>/held/", views.meeting_hold, name="owg_hold"),
    path("owg/<str:public_id>/cancel/", views.meeting_cancel, name="owg_cancel"),
    path(
        "owg/<str:public_id>/minutes/<str:person_id>/<str:section>/",
        views.minute_new,
        name="owg_minute",
    ),
]
