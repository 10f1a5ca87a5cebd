from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class PortalConfig(AppConfig):
    name = "migrights.portal"
    verbose_name = "Public pages"

    def ready(self) -> None:
        from migrights.portal.cache import clear_public_cache

        # every write that can change what the public sees clears the page cache
        for label in ("reference", "governance", "framework", "scores"):
            for model in apps.get_app_config(label).get_models():
                post_save.connect(clear_public_cache, sender=model, dispatch_uid=f"public-cache-{model._meta.label}")
                post_delete.connect(
                    clear_public_cache, sender=model, dispatch_uid=f"public-cache-del-{model._meta.label}"
                )
        for name in ("Release", "ReleasedValue"):
            model = apps.get_model("assessments", name)
            post_save.connect(clear_public_cache, sender=model, dispatch_uid=f"public-cache-{name}")
            post_delete.connect(clear_public_cache, sender=model, dispatch_uid=f"public-cache-del-{name}")
