"""``Job`` now belongs to the ``jobs`` app (its migration 0001 takes it over): the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("work", "0002_job_queue"),
        ("jobs", "0001_job_from_work"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Job")], database_operations=[]),
    ]
