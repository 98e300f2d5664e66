from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "learninglab.indicators"
    label = "indicators"
    verbose_name = _("Programme indicators")

    def ready(self) -> None:
        from learninglab.indicators import rules  # noqa: F401
