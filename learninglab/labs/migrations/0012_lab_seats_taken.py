from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_seats(apps, schema_editor):
    """Fill each lab's seats taken with its invitations attending."""
    Lab = apps.get_model("labs", "Lab")
    Invitation = apps.get_model("labs", "Invitation")
    attending = (
        Invitation.objects.filter(lab=OuterRef("pk"), response="attending")
        .order_by()
        .values("lab")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Lab.objects.update(seats_taken=Coalesce(Subquery(attending), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0011_hungarian_german_serbian"),
    ]

    operations = [
        migrations.AddField(
            model_name="lab",
            name="seats_taken",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_seats, migrations.RunPython.noop),
    ]
