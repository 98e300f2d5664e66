from django.db import migrations

from learninglab.core.collation import postgresql_collations_create, postgresql_collations_drop


class Migration(migrations.Migration):
    """The ICU collations that sort names in each partner's alphabet on PostgreSQL; SQLite
    gets them on every connection. See ``core.collation``."""

    dependencies = [
        ("core", "0002_audit_via_phone_email"),
    ]

    operations = [
        migrations.RunPython(postgresql_collations_create, postgresql_collations_drop),
    ]
