"""Partner names become multilingual: each existing name is kept as its English text."""

import json

from django.db import migrations, models

import learninglab.core.multilingual


def names_to_json(apps, schema_editor):
    Partner = apps.get_model("projects", "Partner")
    for pk, name in Partner.objects.values_list("pk", "institution"):
        Partner.objects.filter(pk=pk).update(institution=json.dumps({"en": name} if name else {}))


def names_from_json(apps, schema_editor):
    Partner = apps.get_model("projects", "Partner")
    for pk, texts in Partner.objects.values_list("pk", "institution"):
        names = json.loads(texts) if texts else {}
        name = names.get("en") or next(iter(names.values()), "")
        Partner.objects.filter(pk=pk).update(institution=name[:200])


class Migration(migrations.Migration):
    # Each step commits on its own: PostgreSQL refuses to alter a table in the
    # transaction that updated its rows while foreign key checks are still pending.
    atomic = False

    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        # A text column first, so that a long name still fits once written as JSON.
        migrations.AlterField(
            model_name="partner",
            name="institution",
            field=models.TextField(verbose_name="institution"),
        ),
        migrations.RunPython(names_to_json, names_from_json, atomic=True),
        migrations.AlterField(
            model_name="partner",
            name="institution",
            field=learninglab.core.multilingual.MultilingualField(
                default=dict, max_length=200, verbose_name="institution"
            ),
        ),
    ]
