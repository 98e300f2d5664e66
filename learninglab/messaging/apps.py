from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "learninglab.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from learninglab.core import jobs
        from learninglab.messaging import rules  # noqa: F401
        from learninglab.messaging.delivery import deliver_due
        from learninglab.messaging.hooks import stakeholder_erased, stakeholder_exported
        from learninglab.stakeholders import hooks

        jobs.register("outbox", deliver_due, every=0)
        hooks.register(on_erase=stakeholder_erased, on_export=stakeholder_exported)
