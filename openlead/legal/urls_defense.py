"""The defender's URLs (tests/legal/defense_matrix.py covers them)."""

from django.urls import URLPattern, path

from openlead.legal.defense import views

urlpatterns: list[URLPattern] = [
    path("defense/clients/", views.client_list, name="defense_clients"),
    path("defense/clients/<str:public_id>/", views.client_detail, name="defense_client"),
    path("defense/people/<str:public_id>/notes/", views.note_new, name="defense_note_new"),
]
