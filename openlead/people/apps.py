from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openlead.people"
    label = "people"
