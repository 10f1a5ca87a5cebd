from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "migrights.assessments"
    verbose_name = "Assessments, reviews and releases"
