from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save


class PublicationConfig(AppConfig):
    name = "migrights.publication"
    verbose_name = "Public pages"

    def ready(self) -> None:
        from migrights.lib.generations import model_written
        from migrights.publication.cache import PUBLIC_SCOPES

        # every write that can change what the public sees changes its scope's generation (lib.generations): the
        # page cache and the values kept between requests are looked up under new keys (the loader's bulk writes
        # say so themselves: reference.loading.apply)
        public_models = [
            *(
                model
                for label in PUBLIC_SCOPES
                if label != "assessments"  # drafts, answers and reviews are not public
                for model in apps.get_app_config(label).get_models()
            ),
            apps.get_model("assessments", "Release"),
            apps.get_model("assessments", "ReleasedValue"),
        ]
        for model in public_models:
            for signal in (post_save, post_delete):
                signal.connect(model_written, sender=model, dispatch_uid=f"generations-{model._meta.label}")
            for field in model._meta.local_many_to_many:  # a link added or removed alone (a country's successors)
                through = field.remote_field.through
                m2m_changed.connect(model_written, sender=through, dispatch_uid=f"generations-{through._meta.label}")
