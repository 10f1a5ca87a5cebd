from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "migrights.work"
    verbose_name = "Expert workflow screens"
