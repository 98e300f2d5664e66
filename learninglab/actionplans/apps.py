from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "learninglab.actionplans"
    label = "actionplans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from learninglab.actionplans import rules  # noqa: F401
        from learninglab.actionplans.audit_sentences import register_sentences
        from learninglab.actionplans.hooks import stakeholder_erased, stakeholder_exported
        from learninglab.actionplans.jobs import plan_reminders_queue
        from learninglab.actionplans.provenance import lab_actions, practice_actions
        from learninglab.actionplans.services.follow import followers_prune
        from learninglab.actionplans.services.progress_import import progress_imports_prune
        from learninglab.core import jobs
        from learninglab.labs.outcomes import on_outcomes
        from learninglab.practices.appearances import on_appearances
        from learninglab.stakeholders import hooks

        on_appearances(practice_actions)
        on_outcomes(lab_actions)
        hooks.register(on_erase=stakeholder_erased, on_export=stakeholder_exported)

        # Follow requests never confirmed, and spreadsheets never recorded, are not kept.
        jobs.register("plan_followers_prune", followers_prune, every=3600)
        jobs.register("progress_imports_prune", progress_imports_prune, every=3600)
        jobs.register("action_plan_reminders", plan_reminders_queue, every=600)
        register_sentences()
