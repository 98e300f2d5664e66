from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "learninglab.stakeholders"
    label = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self) -> None:
        from learninglab.core import jobs
        from learninglab.stakeholders import rules  # noqa: F401
        from learninglab.stakeholders.audit_sentences import register_sentences
        from learninglab.stakeholders.importing.services import import_batches_expire

        # The rows of an upload never imported are not kept (``IMPORT_KEPT_HOURS``).
        jobs.register("import_batches_expire", import_batches_expire, every=3600)
        register_sentences()
