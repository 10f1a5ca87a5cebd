from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "migrights.assessments"
    verbose_name = "Assessments, reviews and releases"

    def ready(self) -> None:
        # country pages show released values (and only those)
        from migrights.assessments.public import country_released
        from migrights.reference.queries import COUNTRY_SECTIONS

        COUNTRY_SECTIONS["released"] = country_released
