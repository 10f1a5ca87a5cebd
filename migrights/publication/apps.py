from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class PublicationConfig(AppConfig):
    name = "migrights.publication"
    verbose_name = "Public pages"

    def ready(self) -> None:
        from migrights.publication.cache import clear_public_cache

        # every write that can change what the public sees clears the page cache
        public_models = [
            *(
                model
                for label in ("reference", "governance", "law", "framework", "scores")
                for model in apps.get_app_config(label).get_models()
            ),
            apps.get_model("assessments", "Release"),
            apps.get_model("assessments", "ReleasedValue"),
        ]
        for model in public_models:
            for signal in (post_save, post_delete):
                signal.connect(clear_public_cache, sender=model, dispatch_uid=f"public-cache-{model._meta.label}")
