from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "migrights.reference"
    verbose_name = "Reference registry"

    def ready(self) -> None:
        from migrights.reference import embedded
        from migrights.reference.importing import SCHEMAS, SCOPES

        SCHEMAS["votes"] = embedded.VOTES
        SCOPES["votes"] = embedded.vote_scope
