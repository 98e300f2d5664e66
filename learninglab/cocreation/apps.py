from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CocreationConfig(AppConfig):
    name = "learninglab.cocreation"
    label = "cocreation"
    verbose_name = _("Live co-creation")

    def ready(self) -> None:
        from learninglab.cocreation import rules  # noqa: F401
