from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "migrights.jobs"
    verbose_name = "Job queue"

    def ready(self) -> None:
        from migrights.jobs.runner import worker_health
        from migrights.lib.health import register

        # the servers answer without a worker (only long work waits): a silent worker makes them degraded, not down
        register("worker", worker_health, required=False)
