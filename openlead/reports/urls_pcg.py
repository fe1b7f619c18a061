"""The policy coordinating group's quarterly report (tests/reports/pcg_matrix.py)."""

from django.urls import URLPattern, path

from openlead.reports import pcg_views

urlpatterns: list[URLPattern] = [
    path("reports/pcg/", pcg_views.pcg_report, name="pcg_report"),
    path("reports/pcg/report.html", pcg_views.pcg_download, name="pcg_download"),
]
