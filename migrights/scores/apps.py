from django.apps import AppConfig


class ScoresConfig(AppConfig):
    name = "migrights.scores"
    verbose_name = "Index scores"

    def ready(self) -> None:
        # a new release recomputes the index on its values
        from migrights.assessments.signals import release_published
        from migrights.scores import editions

        release_published.connect(editions.on_release, dispatch_uid="scores-on-release")
        # country pages show the index: dimensions over the years, categories in the latest year
        from migrights.reference.queries import COUNTRY_SECTIONS
        from migrights.scores.queries import country_scores

        COUNTRY_SECTIONS["scores"] = country_scores
