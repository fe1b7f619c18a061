"""Merge pages (rows in tests/people/matrix.py, registered in the permission matrix)."""

from django.urls import path

from openlead.people import merge_views as views

urlpatterns = [
    path("people/<str:public_id>/merge/", views.merge_start, name="merge_start"),
    path("people/<str:public_id>/merge/<str:other>/", views.merge_preview, name="merge_preview"),
    path("merges/<str:merge_id>/", views.merge_result, name="merge_result"),
    path("merges/<str:merge_id>/undo/", views.merge_undo, name="merge_undo"),
]
