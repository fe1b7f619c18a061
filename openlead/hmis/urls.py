"""HMIS export URLs (merged explicitly into openlead/urls.py for the permission matrix)."""

from django.urls import path

from openlead.hmis import views

urlpatterns = [
    path("hmis/", views.hmis_export_page, name="hmis_export"),
    path("hmis/settings/", views.hmis_settings, name="hmis_settings"),
    path("hmis/export.zip", views.hmis_export_download, name="hmis_export_download"),
]
