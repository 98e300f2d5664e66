"""The sentences of the audit codes the live wall writes (``core.audit_sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learninglab.core.audit_sentences import register


def register_sentences() -> None:
    register(
        {
            "cocreation.session.created": _("Created the live wall of “%(lab)s”"),
            "cocreation.session.configured": _("Changed the settings of the live wall"),
            "cocreation.session.opened": _("Opened the live wall (code %(object)s)"),
            "cocreation.session.closed": _("Closed the live wall (code %(object)s)"),
            "cocreation.prompt.created": _("Added the question “%(object)s”"),
            "cocreation.prompt.updated": _("Changed the question “%(object)s”"),
            "cocreation.prompt.opened": _("Asked the question “%(object)s” on the live wall"),
            "cocreation.prompt.closed": _("Closed the question “%(object)s”"),
            "cocreation.idea.approved": _("Showed the idea “%(object)s” on the wall"),
            "cocreation.idea.hidden": _("Took the idea “%(object)s” off the wall"),
            "cocreation.idea.merged": _("Merged the idea “%(object)s” into another one"),
            "cocreation.idea.themed": _("Moved the idea “%(object)s” to another topic"),
            "cocreation.theme.created": _("Added the topic “%(name)s”"),
            "cocreation.theme.renamed": _("Renamed a topic to “%(name)s”"),
        },
        labels={
            "lab": _("Lab"),
            "votes_returned": _("Votes given back"),
            "votes_moved": _("Votes moved"),
        },
        hidden=("merged_into",),
    )
