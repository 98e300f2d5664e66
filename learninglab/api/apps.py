from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "learninglab.api"
    label = "api"
    verbose_name = _("JSON API")

    def ready(self) -> None:
        from learninglab.api import schema  # noqa: F401  # the token scheme in the document
