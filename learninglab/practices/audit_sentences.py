"""The sentences of the audit codes the good practices write (``core.audit_sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learninglab.core.audit_sentences import register


def register_sentences() -> None:
    register(
        {
            "practices.practice.created": _("Created the good practice “%(object)s”"),
            "practices.practice.updated": _("Changed the good practice “%(object)s”"),
            "practices.practice.submitted": _(
                "Submitted the good practice “%(object)s” for review"
            ),
            "practices.practice.returned": _(
                "Asked for more information on the good practice “%(object)s”"
            ),
            "practices.practice.approved": _(
                "Approved and published the good practice “%(object)s”"
            ),
            "practices.practice.declined": _("Declined the good practice “%(object)s”"),
            "practices.practice.validated": _(
                "Recorded that the programme’s experts validated the good practice “%(object)s”"
            ),
            "practices.practice.unpublished": _(
                "Took the good practice “%(object)s” off the public catalogue"
            ),
            "practices.image.added": _("Added the image “%(name)s” to “%(object)s”"),
            "practices.image.removed": _("Removed the image “%(name)s” from “%(object)s”"),
            "practices.document.added": _("Added the document “%(name)s” to “%(object)s”"),
            "practices.document.removed": _("Removed the document “%(name)s” from “%(object)s”"),
            "practices.transfer.recorded": _(
                "Recorded how far a partner got with a good practice: %(stage)s"
            ),
            "practices.transfer.updated": _(
                "Changed how far a partner got with a good practice: %(stage)s"
            ),
            "practices.transfer.removed": _(
                "Removed a step of the transfer of a good practice: %(stage)s"
            ),
        },
        labels={"topics": _("Topics"), "on": _("On"), "name": _("File")},
        hidden=("image", "document", "practice"),
    )
