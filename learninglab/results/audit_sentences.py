"""The sentences of the audit codes the lab results write (``core.audit_sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from learninglab.core.audit_sentences import Sentence, register
from learninglab.labs.audit_sentences import invitation_parts


def register_sentences() -> None:
    register(
        {
            "results.minutes.saved": _("Saved the minutes of “%(object)s”"),
            "results.published": _("Published the results of “%(object)s”"),
            "results.withdrawn": _("Took the results of “%(object)s” off the public site"),
            "results.file.added": _("Added the file “%(name)s” to “%(object)s”"),
            "results.file.deleted": _("Removed the file “%(name)s” from “%(object)s”"),
            "results.photos.added": ngettext_lazy(
                "Added %(names_count)s photo to “%(object)s”",
                "Added %(names_count)s photos to “%(object)s”",
                "names_count",
            ),
            "results.feedback.received": Sentence(
                _("Received an answer to the feedback survey of “%(lab)s”"), invitation_parts
            ),
        },
        labels={
            "public": _("Public"),
            "consent_confirmed": _("Consent of the people in the photos confirmed"),
            "names": _("Files"),
            "name": _("File"),
        },
        hidden=("file", "files"),
    )
