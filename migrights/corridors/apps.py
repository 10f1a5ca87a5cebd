from django.apps import AppConfig


class CorridorsConfig(AppConfig):
    name = "migrights.corridors"
    verbose_name = "Corridors (migrant stocks and what governs each pair of states)"
