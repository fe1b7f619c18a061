"""The accountability page (tests/accountability/matrix.py has their permission rows)."""

from django.urls import URLPattern, path

from openlead.accountability import admin_views, views

urlpatterns: list[URLPattern] = [
    path("p/<slug:slug>/accountability/", views.accountability_page, name="accountability_page"),
    path("p/<slug:slug>/accountability.csv", views.accountability_csv, name="accountability_csv"),
    path(
        "program/accountability/",
        admin_views.accountability_settings,
        name="accountability_settings",
    ),
]
