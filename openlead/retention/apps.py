from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "openlead.retention"
    label = "retention"
