from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "learninglab.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from learninglab.accounts import rules  # noqa: F401
        from learninglab.accounts.audit_sentences import register_sentences
        from learninglab.accounts.checks import two_factor_required_check

        checks.register(two_factor_required_check, checks.Tags.security, deploy=True)
        register_sentences()
