from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "migrights.portal"
    verbose_name = "Public pages"
