"""The prosecutor's URLs. referrals/ is the referral list for everyone: the prosecutor's
queue for a prosecutor, referrals' own list for the rest (tests/referrals/matrix.py and
tests/legal/prosecutor_matrix.py cover them)."""

from django.urls import URLPattern, path

from openlead.legal import views

urlpatterns: list[URLPattern] = [
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<str:public_id>/decision/", views.referral_decision, name="referral_decision"),
]
