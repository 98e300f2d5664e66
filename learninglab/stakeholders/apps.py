from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "learninglab.stakeholders"
    label = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self) -> None:
        from learninglab.stakeholders import rules  # noqa: F401
