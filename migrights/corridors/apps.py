from django.apps import AppConfig


class CorridorsConfig(AppConfig):
    name = "migrights.corridors"
    verbose_name = "Corridors (migrant stocks and what governs each pair of states)"

    def ready(self) -> None:
        # country pages show the country's largest corridors and the shares of its migrants covered
        from migrights.corridors.profiles import country_corridors
        from migrights.reference.queries import COUNTRY_SECTIONS

        COUNTRY_SECTIONS["corridors"] = country_corridors
