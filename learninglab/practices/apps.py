from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "learninglab.practices"
    label = "practices"
    verbose_name = _("Good practices")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from learninglab.practices import rules  # noqa: F401
        from learninglab.practices.audit_sentences import register_sentences
        from learninglab.practices.hooks import (
            stakeholder_erased,
            stakeholder_exported,
            stakeholder_merged,
        )
        from learninglab.practices.search_index import (
            search_index_ensure_after_migrate,
            sqlite_functions_add,
        )
        from learninglab.stakeholders import hooks

        hooks.register(
            on_merge=stakeholder_merged,
            on_erase=stakeholder_erased,
            on_export=stakeholder_exported,
        )
        connection_created.connect(sqlite_functions_add, dispatch_uid="practices_sqlite_functions")
        post_migrate.connect(search_index_ensure_after_migrate, sender=self)
        register_sentences()
