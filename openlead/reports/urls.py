"""Evaluation-run URLs (merged explicitly into openlead/urls.py for the permission matrix)."""

from django.urls import path

from openlead.reports import urls_pcg, views

urlpatterns = [
    path("evaluation/", views.evaluation_runs, name="evaluation_runs"),
    path("evaluation/run/", views.start_evaluation_run, name="evaluation_run_start"),
    path("evaluation/<str:run_id>/", views.evaluation_run, name="evaluation_run"),
    path(
        "evaluation/<str:run_id>/report.html",
        views.download_report,
        name="evaluation_report",
    ),
    path(
        "evaluation/<str:run_id>/results.json",
        views.download_results,
        name="evaluation_results",
    ),
]
urlpatterns += urls_pcg.urlpatterns
