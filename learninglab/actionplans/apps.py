from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "learninglab.actionplans"
    label = "actionplans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from learninglab.actionplans import rules  # noqa: F401
        from learninglab.actionplans.jobs import plan_reminders_queue
        from learninglab.core import jobs

        jobs.register("action_plan_reminders", plan_reminders_queue, every=600)
