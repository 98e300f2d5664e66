from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "learninglab.labs"
    label = "labs"
    verbose_name = _("Labs")

    def ready(self) -> None:
        from learninglab.core import jobs
        from learninglab.labs import rules  # noqa: F401
        from learninglab.labs.appearances import labs_presenting
        from learninglab.labs.audit_sentences import register_sentences
        from learninglab.labs.hooks import (
            stakeholder_erased,
            stakeholder_exported,
            stakeholder_mentions,
            stakeholder_merged,
        )
        from learninglab.labs.jobs import confirmations_queue, reminders_queue
        from learninglab.labs.selectors import colleague_ids_past_retention
        from learninglab.labs.services.registration import registrations_expire
        from learninglab.practices.appearances import on_appearances
        from learninglab.stakeholders import hooks

        jobs.register("confirmations", confirmations_queue, every=0)
        jobs.register("reminders", reminders_queue, every=60)
        jobs.register("registrations_expire", registrations_expire, every=3600)
        hooks.register(
            on_merge=stakeholder_merged,
            on_erase=stakeholder_erased,
            retention=colleague_ids_past_retention,
            on_export=stakeholder_exported,
            on_mentions=stakeholder_mentions,
        )
        on_appearances(labs_presenting)
        register_sentences()
