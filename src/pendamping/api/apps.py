from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pendamping.api"
    label = "api"
