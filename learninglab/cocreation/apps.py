from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CocreationConfig(AppConfig):
    name = "learninglab.cocreation"
    label = "cocreation"
    verbose_name = _("Live co-creation")

    def ready(self) -> None:
        from learninglab.cocreation import rules  # noqa: F401
        from learninglab.cocreation.audit_sentences import register_sentences
        from learninglab.cocreation.hooks import (
            stakeholder_erased,
            stakeholder_exported,
            stakeholder_mentions,
        )
        from learninglab.stakeholders import hooks

        hooks.register(
            on_erase=stakeholder_erased,
            on_export=stakeholder_exported,
            on_mentions=stakeholder_mentions,
        )
        register_sentences()
