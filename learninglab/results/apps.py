from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "learninglab.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from learninglab.core import jobs
        from learninglab.labs.combining import on_invitations_combined
        from learninglab.results import rules  # noqa: F401
        from learninglab.results.audit_sentences import register_sentences
        from learninglab.results.hooks import (
            invitations_combined,
            stakeholder_exported,
            stakeholder_mentions,
        )
        from learninglab.results.jobs import feedback_requests_queue
        from learninglab.stakeholders import hooks

        on_invitations_combined(invitations_combined)
        # The survey goes out the morning after a lab; checking every few minutes is plenty.
        jobs.register("feedback", feedback_requests_queue, every=300)
        hooks.register(on_export=stakeholder_exported, on_mentions=stakeholder_mentions)
        register_sentences()
