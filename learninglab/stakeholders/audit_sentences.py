"""The sentences of the audit codes the stakeholder directory writes (``core.audit_sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learninglab.core.audit_sentences import register
from learninglab.stakeholders.models import ConsentMethod, ConsentPurpose


def register_sentences() -> None:
    register(
        {
            "stakeholders.stakeholder.created": _("Added %(object)s to the stakeholder group"),
            "stakeholders.stakeholder.updated": _("Changed the details of %(object)s"),
            "stakeholders.stakeholder.merged": _("Merged a duplicate record into %(object)s"),
            "stakeholders.stakeholder.erased": _("Erased a person’s personal data"),
            "stakeholders.consent.given": _(
                "Recorded that %(object)s agreed to: %(purpose)s (%(method)s)"
            ),
            "stakeholders.consent.withdrawn": _(
                "Recorded that %(object)s withdrew consent to: %(purpose)s (%(method)s)"
            ),
            "stakeholders.organisation.created": _("Added the organisation “%(object)s”"),
            "stakeholders.organisation.updated": _("Changed the organisation “%(object)s”"),
            "stakeholders.import.committed": _(
                "Imported a list of people: %(created)s new, %(updated)s updated"
            ),
        },
        labels={
            "purpose": _("Consent to"),
            "given": _("Given"),
            "method": _("How"),
            "text_version": _("Version of the consent text"),
            "rows": _("Rows in the file"),
            "created": _("New people"),
            "updated": _("People updated"),
        },
        choices={"purpose": ConsentPurpose.choices, "method": ConsentMethod.choices},
        hidden=("merged_id", "merged"),
    )
