from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "openlead.referrals"
    label = "referrals"
    verbose_name = "Referrals"
