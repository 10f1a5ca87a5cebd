from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "migrights.documents"
    verbose_name = "Documents and recommendations (UPR, treaty-body General Comments)"

    def ready(self) -> None:
        # The one loader serves the documents too: register their row schema (the derived files in
        # migrights/data/documents/ are loaded with `import_csv`, like the law datasets).
        from migrights.documents import loading
        from migrights.reference.importing import SCHEMAS, SCOPES

        SCHEMAS["passages"] = loading.PASSAGES
        SCOPES["passages"] = loading.whole_dataset
        # country pages show the UPR recommendations on migrants, refugees and trafficking a state received
        from migrights.documents.queries import country_upr
        from migrights.reference.queries import COUNTRY_SECTIONS

        COUNTRY_SECTIONS["upr"] = country_upr
