from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "migrights.briefs"
    verbose_name = "Policy briefs"
