"""Cases, charges and court dates, and the defender's pages (tests/legal/cases_matrix.py)."""

from django.urls import URLPattern, path

from openlead.legal.cases import views

urlpatterns: list[URLPattern] = [
    path("cases/", views.case_list, name="legal_cases"),
    path("cases/<str:public_id>/", views.case_detail, name="legal_case"),
    path("cases/<str:public_id>/charges/", views.charge_add, name="legal_case_charge"),
    path("cases/<str:public_id>/court-dates/", views.court_date_add, name="legal_case_court_date"),
    path(
        "cases/<str:public_id>/court-dates/<int:court_id>/cancel/",
        views.court_date_cancel,
        name="legal_case_court_date_cancel",
    ),
    path("cases/<str:public_id>/status/", views.status_change, name="legal_case_status"),
    path("cases/<str:public_id>/defender/", views.defender_assign, name="legal_case_defender"),
    path("people/<str:public_id>/cases/new/", views.case_new, name="legal_case_new"),
]
