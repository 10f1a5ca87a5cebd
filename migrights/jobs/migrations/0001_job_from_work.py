"""The ``Job`` model moves from the workspace app (``work``) to this one: its table ``work_job`` and its rows stay as
they are (``db_table``), only Django's record of which app owns it changes (``work`` 0003 forgets it)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """The admin's permissions and log entries of jobs follow the model (a new database has no such row yet)."""
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="jobs", model="job").exists():
        content_type.objects.filter(app_label="work", model="job").update(app_label="jobs")


def return_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="work", model="job").exists():
        content_type.objects.filter(app_label="jobs", model="job").update(app_label="work")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("work", "0002_job_queue"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Job",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=40)),
                        ("key", models.CharField(blank=True, help_text="what it works on: one running job per key", max_length=200)),
                        ("state", models.CharField(choices=[("queued", "Waiting"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")], default="queued", max_length=10)),
                        ("step", models.CharField(blank=True, help_text="what it is doing now", max_length=200)),
                        ("result", models.JSONField(blank=True, null=True)),
                        ("error", models.TextField(blank=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("worker", models.CharField(blank=True, help_text="host:process running it", max_length=120)),
                        ("started", models.DateTimeField(auto_now_add=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        ("finished", models.DateTimeField(blank=True, null=True)),
                        ("started_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "work_job",
                        "ordering": ["-started", "-id"],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("state", "running"), models.Q(("key", ""), _negated=True)), fields=("key",), name="work_job_one_running_per_key")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, return_content_type),
    ]
