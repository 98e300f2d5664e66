"""The sentences of the audit codes the action plans write (``core.audit_sentences``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from learninglab.core.audit_sentences import Sentence, register
from learninglab.core.models import AuditEntry


def _places(entry: AuditEntry) -> Mapping[str, int]:
    return {"old": entry.changes["before"]["number"], "new": entry.changes["after"]["number"]}


def register_sentences() -> None:
    register(
        {
            "actionplans.plan.created": _("Created the action plan “%(object)s”"),
            "actionplans.plan.updated": _("Changed the action plan “%(object)s”"),
            "actionplans.plan.submitted": _(
                "Submitted version %(version)s of the action plan “%(object)s”"
            ),
            "actionplans.plan.withdrawn": _("Took the action plan “%(object)s” back to change it"),
            "actionplans.plan.endorsed": _(
                "Recorded the endorsement of version %(version)s of the action plan “%(object)s”"
            ),
            "actionplans.plan.revision_opened": _(
                "Opened a revision of the action plan “%(object)s”"
            ),
            "actionplans.follower.asked": _("Someone asked to follow the plan “%(object)s”"),
            "actionplans.follower.confirmed": _(
                "A follower confirmed they follow the plan “%(object)s”"
            ),
            "actionplans.follower.ended": _("A follower stopped following the plan “%(object)s”"),
            "actionplans.progress.imported": ngettext_lazy(
                "Recorded %(rows)s progress entry from the file “%(file)s”",
                "Recorded %(rows)s progress entries from the file “%(file)s”",
                "rows",
            ),
            "actionplans.action.created": _("Added the action “%(object)s”"),
            "actionplans.action.updated": _("Changed the action “%(object)s”"),
            "actionplans.action.deleted": _("Deleted the action “%(object)s”"),
            "actionplans.action.moved": Sentence(
                _("Moved the action “%(object)s” from number %(old)s to number %(new)s"), _places
            ),
            "actionplans.action.progress_recorded": _(
                "Recorded progress on the action “%(object)s”: %(status)s, %(progress)s%%"
            ),
            "actionplans.action.practice_linked": _(
                "Named a good practice behind the action “%(object)s”"
            ),
            "actionplans.action.practice_unlinked": _(
                "Removed a good practice from those behind the action “%(object)s”"
            ),
            "actionplans.action.practice_noted": _(
                "Changed the note on a good practice behind the action “%(object)s”"
            ),
            "actionplans.action.idea_linked": _(
                "Named an idea from a lab behind the action “%(object)s”"
            ),
            "actionplans.action.idea_unlinked": _(
                "Removed an idea from those behind the action “%(object)s”"
            ),
            "actionplans.funding.added": _("Added the funding source “%(object)s”"),
            "actionplans.funding.removed": _("Removed the funding source “%(object)s”"),
            "actionplans.milestone.added": _("Added the milestone “%(object)s”"),
            "actionplans.milestone.removed": _("Removed the milestone “%(object)s”"),
            "actionplans.milestone.marked": _(
                "Changed when the milestone “%(object)s” was reached"
            ),
            "actionplans.player.added": _("Added %(object)s to the players of an action"),
            "actionplans.player.removed": _("Removed %(object)s from the players of an action"),
        },
        labels={
            "version": _("Version"),
            "evidence": _("Evidence"),
            "number": _("Number in the plan"),
            "file": _("File"),
            "rows": _("Rows"),
            "amount_eur": _("Amount (EUR)"),
            "text": _("Text"),
        },
        hidden=("entry", "practice", "idea", "follower"),
    )
