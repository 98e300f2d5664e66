"""Carry the answers given so far into the people's last activity.

The purge of inactive people used to look at the answers to invitations; it now counts
from ``last_activity_at`` alone, which answers given from now on move forward. This
moves it forward once for the answers given before.
"""

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery


def last_activity_from_answers(apps, schema_editor):
    Stakeholder = apps.get_model("stakeholders", "Stakeholder")
    Invitation = apps.get_model("labs", "Invitation")
    latest = (
        Invitation.objects.filter(stakeholder=OuterRef("pk"), responded_at__isnull=False)
        .values("stakeholder")
        .annotate(latest=Max("responded_at"))
        .values("latest")
    )
    people = Stakeholder.objects.annotate(answered_at=Subquery(latest))
    for pk, answered_at, last_activity_at in people.filter(
        answered_at__isnull=False
    ).values_list("pk", "answered_at", "last_activity_at"):
        if answered_at > last_activity_at:
            Stakeholder.objects.filter(pk=pk).update(last_activity_at=answered_at)


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0001_initial"),
        ("labs", "0001_labs_invitations"),
    ]

    operations = [
        migrations.RunPython(last_activity_from_answers, migrations.RunPython.noop, elidable=True),
    ]
