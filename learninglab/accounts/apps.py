from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "learninglab.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from learninglab.accounts import rules  # noqa: F401
