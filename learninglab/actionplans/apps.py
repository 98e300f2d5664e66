from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "learninglab.actionplans"
    label = "actionplans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from learninglab.actionplans import rules  # noqa: F401
        from learninglab.actionplans.provenance import lab_actions, practice_actions
        from learninglab.labs.outcomes import on_outcomes
        from learninglab.practices.appearances import on_appearances

        on_appearances(practice_actions)
        on_outcomes(lab_actions)
