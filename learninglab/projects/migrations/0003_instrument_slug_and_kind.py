from django.db import migrations, models
from django.utils.text import slugify


def slugs_fill(apps, schema_editor):
    """Give every instrument a short name made of its name, unique per partner."""
    PolicyInstrument = apps.get_model("projects", "PolicyInstrument")
    taken: dict[int, set[str]] = {}
    for instrument in PolicyInstrument.objects.order_by("pk"):
        used = taken.setdefault(instrument.partner_id, set())
        stem = slugify(instrument.name)[:56].strip("-") or "instrument"
        slug, number = stem, 2
        while slug in used:
            slug, number = f"{stem}-{number}", number + 1
        used.add(slug)
        instrument.slug = slug
        instrument.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_multilingual_fields")]

    operations = [
        migrations.AddField(
            model_name="policyinstrument",
            name="slug",
            field=models.SlugField(
                default="",
                help_text="Used in commands, e.g. rop-west.",
                max_length=60,
                verbose_name="short name",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="policyinstrument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("growth_jobs", "Investment for Growth and Jobs programme"),
                    ("etc", "European Territorial Cooperation programme"),
                    ("other", "Other regional development policy instrument"),
                ],
                default="growth_jobs",
                max_length=12,
                verbose_name="kind of instrument",
            ),
        ),
        migrations.RunPython(slugs_fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="policyinstrument",
            constraint=models.UniqueConstraint(
                fields=("partner", "slug"), name="projects_instrument_slug_per_partner"
            ),
        ),
    ]
