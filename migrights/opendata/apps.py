from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "migrights.opendata"
    label = "opendata"
    verbose_name = "Open data"
