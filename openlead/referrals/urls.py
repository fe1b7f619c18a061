"""Referral URLs. Every one has a row in tests/access/test_permission_matrix.py
(through tests/referrals/matrix.py). The list at referrals/ and the decision are
openlead.legal's (legal/urls.py): the list is the prosecutor's queue for a prosecutor."""

from django.urls import path

from openlead.referrals import views

urlpatterns = [
    path("referrals/intake-clock/", views.referral_clock, name="referral_clock"),
    path("referrals/new/", views.referral_start, name="referral_start"),
    path("referrals/new/<slug:door>/", views.referral_new, name="referral_new"),
    path("referrals/<str:public_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<str:public_id>/handoff/", views.referral_handoff, name="referral_handoff"),
    path("referrals/<str:public_id>/intake/", views.referral_intake, name="referral_intake"),
    path("referrals/<str:public_id>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<str:public_id>/close/", views.referral_close, name="referral_close"),
    # Public, no login: a person refers themself.
    path("refer/", views.self_referral_index, name="self_referral_index"),
    path("refer/<slug:slug>/", views.self_referral, name="self_referral"),
    path("refer/<slug:slug>/thanks/", views.self_referral_thanks, name="self_referral_thanks"),
]
