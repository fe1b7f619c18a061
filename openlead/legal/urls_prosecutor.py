"""The prosecutor's URLs. referrals/ is the referral list for everyone: the prosecutor's
queue for a prosecutor, referrals' own list for the rest (tests/referrals/matrix.py covers
those two; tests/legal/prosecutor_matrix.py the prosecutor's item pages and decisions)."""

from django.urls import URLPattern, path

from openlead.legal import views

urlpatterns: list[URLPattern] = [
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<str:public_id>/decision/", views.referral_decision, name="referral_decision"),
    path(
        "prosecutor/referrals/<str:public_id>/",
        views.prosecutor_referral,
        name="prosecutor_referral",
    ),
    path("prosecutor/cases/<str:public_id>/", views.prosecutor_case, name="prosecutor_case"),
    path(
        "prosecutor/cases/<str:public_id>/decision/",
        views.case_decision,
        name="prosecutor_case_decision",
    ),
]
