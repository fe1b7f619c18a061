from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openlead.web"
    label = "web"
