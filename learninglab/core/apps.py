from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "learninglab.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from learninglab.core.collation import sqlite_collations_add

        connection_created.connect(sqlite_collations_add, dispatch_uid="core_sqlite_collations")
