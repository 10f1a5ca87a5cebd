from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "migrights.framework"
    verbose_name = "Indicator framework"
