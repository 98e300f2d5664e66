from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "learninglab.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from learninglab.core import jobs
        from learninglab.messaging import rules  # noqa: F401
        from learninglab.messaging.audit_sentences import register_sentences
        from learninglab.messaging.delivery import deliver_due
        from learninglab.messaging.hooks import stakeholder_erased, stakeholder_exported
        from learninglab.messaging.services import messages_forget_content
        from learninglab.stakeholders import hooks

        jobs.register("outbox", deliver_due, every=0)
        jobs.register("outbox-content", messages_forget_content, every=3600)
        hooks.register(on_erase=stakeholder_erased, on_export=stakeholder_exported)
        register_sentences()
