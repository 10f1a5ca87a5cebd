from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "migrights.law"
    verbose_name = "Rights in law (published datasets)"

    def ready(self) -> None:
        # The one loader serves the law datasets too: register their row schemas (the derived files in
        # migrights/data/law/ are loaded with `import_csv`, like treaty actions).
        from migrights.law import loading
        from migrights.reference.importing import SCHEMAS, SCOPES

        SCHEMAS["law-values"] = loading.LAW_VALUES
        SCHEMAS["agreements"] = loading.AGREEMENTS
        SCOPES["law-values"] = loading.whole_dataset
        SCOPES["agreements"] = loading.whole_dataset
        # country pages show the law of the country, its gaps and its agreements (law builds on reference)
        from migrights.law.queries import country_law
        from migrights.reference.queries import COUNTRY_SECTIONS

        COUNTRY_SECTIONS["law"] = country_law
