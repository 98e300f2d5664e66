"""The sentences of the audit codes the accounts write (``core.audit_sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learninglab.core.audit_sentences import register


def register_sentences() -> None:
    register(
        {
            "accounts.user.created": _("Created the account of %(object)s"),
            "accounts.two_factor.enabled": _("Turned on two-step sign-in for %(object)s"),
            "accounts.two_factor.disabled": _("Turned off two-step sign-in for %(object)s"),
            "accounts.backup_codes.issued": _("Issued new backup codes for %(object)s"),
            "accounts.api_token.created": _("Made the API token %(object)s"),
            "accounts.api_token.revoked": _("Revoked the API token %(object)s"),
        },
    )
