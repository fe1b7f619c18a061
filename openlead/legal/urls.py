"""Legal URLs, at the referral paths and names they have always had (the permission matrix,
tests/referrals/matrix.py, covers them). referrals/ is the referral list for everyone:
the prosecutor's queue for a prosecutor, referrals' own list for the rest."""

from django.urls import path

from openlead.legal import views

urlpatterns = [
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<str:public_id>/decision/", views.referral_decision, name="referral_decision"),
]
