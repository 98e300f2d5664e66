from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "learninglab.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from learninglab.core import events, jobs
        from learninglab.stakeholders import hooks
        from learninglab.webhooks import rules  # noqa: F401
        from learninglab.webhooks.audit_sentences import register_sentences
        from learninglab.webhooks.delivery import deliver_due
        from learninglab.webhooks.hooks import stakeholder_erased
        from learninglab.webhooks.payloads import SOURCES
        from learninglab.webhooks.services import deliveries_queue

        events.register(deliveries_queue, actions=SOURCES)
        jobs.register("webhooks", deliver_due, every=0)
        hooks.register(on_erase=stakeholder_erased)
        register_sentences()
