"""Keep an import batch's parsed rows instead of its file.

A batch uploaded and not yet committed kept only its raw file, which is no longer kept: such
batches are marked expired (their file is dropped with the column), so that their preview
asks for the file again. Committed batches keep their counts as before.
"""

from django.db import migrations, models
from django.utils import timezone


def expire_open_batches(apps, schema_editor):
    ImportBatch = apps.get_model("stakeholders", "ImportBatch")
    ImportBatch.objects.filter(committed_at__isnull=True).update(expired_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0002_last_activity_from_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="expired_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="table",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(expire_open_batches, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="importbatch",
            name="content",
        ),
    ]
