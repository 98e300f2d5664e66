"""The sentences of the audit codes the outbox writes (``core.audit_sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learninglab.core.audit_sentences import register


def register_sentences() -> None:
    register(
        {"messaging.message.requeued": _("Put the e-mail “%(object)s” back in the queue")},
        hidden=("key",),
    )
