"""Records URLs (merged explicitly into openlead/urls.py for the permission matrix)."""

from django.urls import path

from openlead.records import views, views_duplicates

urlpatterns = [
    path("records/review/", views.review_queue, name="link_review_queue"),
    path("records/review/<str:link_id>/", views.review_link, name="link_review"),
    path("records/review/<str:link_id>/decide/", views.decide_link, name="link_decide"),
    path("records/linkage/run/", views.start_linkage_run, name="linkage_run_start"),
    path("records/linkage/<str:run_id>/", views.linkage_run, name="linkage_run"),
    path("records/duplicates/", views_duplicates.duplicate_pairs, name="duplicate_pairs"),
    path(
        "records/duplicates/<str:pair_id>/",
        views_duplicates.duplicate_pair,
        name="duplicate_pair",
    ),
    path(
        "records/duplicates/<str:pair_id>/decide/",
        views_duplicates.decide_duplicate,
        name="duplicate_decide",
    ),
    path("records/imports/", views.import_batches, name="import_batches"),
    path("records/imports/<str:batch_id>/", views.import_batch, name="import_batch"),
    path(
        "people/<str:public_id>/justice-records/",
        views.justice_records,
        name="justice_records",
    ),
]
