"""Legal demands: the list, logging one, its page, counsel's decision and the disclosure
(tests/legal/demands_matrix.py)."""

from django.urls import URLPattern, path

from openlead.legal.demands import views

urlpatterns: list[URLPattern] = [
    path("demands/", views.demand_list, name="legal_demands"),
    path("demands/<str:public_id>/", views.demand_detail, name="legal_demand"),
    path("demands/<str:public_id>/decide/", views.demand_decide, name="legal_demand_decide"),
    path(
        "demands/<str:public_id>/disclosure/",
        views.demand_disclosure,
        name="legal_demand_disclosure",
    ),
    path("people/<str:public_id>/demands/new/", views.demand_new, name="legal_demand_new"),
]
