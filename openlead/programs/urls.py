from django.urls import path

from openlead.programs import views

urlpatterns = [
    path("program/settings/", views.program_settings, name="program_settings"),
]
