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
