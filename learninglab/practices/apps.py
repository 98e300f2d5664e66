from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "learninglab.practices"
    label = "practices"
    verbose_name = _("Good practices")

    def ready(self) -> None:
        from learninglab.practices import rules  # noqa: F401
        from learninglab.practices.hooks import stakeholder_erased, stakeholder_merged
        from learninglab.stakeholders import hooks

        hooks.register(on_merge=stakeholder_merged, on_erase=stakeholder_erased)
