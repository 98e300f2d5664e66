"""Answer for the live wall's rows about a person who is erased or asks for their data.

The wall is anonymous: a participant is a browser, with the name it chose to show. A
participant counts as the person when that name is the person's full name (any case,
accents or order) in the session of a lab the person was invited to.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from learninglab.cocreation.models import Idea, Participant
from learninglab.labs.models import Invitation
from learninglab.stakeholders.hooks import Mention
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import stakeholder_personal_values


def _participants_named(stakeholder: Stakeholder) -> QuerySet[Participant]:
    values = stakeholder_personal_values(stakeholder)
    labs = Invitation.objects.filter(stakeholder=stakeholder).values("lab_id")
    candidates = Participant.objects.filter(session__lab_id__in=labs).exclude(display_name="")
    named = [p.pk for p in candidates.only("display_name") if values.is_name(p.display_name)]
    return Participant.objects.filter(pk__in=named)


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """Take the person's name off the participants that showed it; ideas and votes stay.

    An idea's text says nothing about who wrote it once the name is gone, and the votes
    still count.
    """
    _participants_named(stakeholder).update(display_name="")


def stakeholder_exported(*, stakeholder: Stakeholder) -> dict[str, Any]:
    """Return the person's participations in live walls: their ideas and votes."""
    participants = (
        _participants_named(stakeholder)
        .select_related("session__lab")
        .prefetch_related("ideas", "votes__idea")
        .order_by("created_at", "pk")
    )
    return {
        "live_wall": [
            {
                "lab": participant.session.lab.slug,
                "shown_name": participant.display_name,
                "joined_at": participant.created_at.isoformat(),
                "ideas": [
                    {"text": idea.text, "posted_at": idea.created_at.isoformat()}
                    for idea in participant.ideas.all()
                ],
                "votes": [
                    {"idea": vote.idea.text, "voted_at": vote.created_at.isoformat()}
                    for vote in participant.votes.all()
                ],
            }
            for participant in participants
        ]
    }


def stakeholder_mentions(*, stakeholder: Stakeholder) -> list[Mention]:
    """Return the ideas on the walls of the person's partner that name the person."""
    values = stakeholder_personal_values(stakeholder)
    ideas = Idea.objects.filter(
        prompt__session__lab__partner_id=stakeholder.partner_id
    ).select_related("prompt__session__lab")
    return [
        Mention(
            where=_("Idea on the live wall of %(lab)s") % {"lab": idea.prompt.session.lab.slug},
            excerpt=Truncator(idea.text).chars(200),
        )
        for idea in ideas.iterator()
        if values.is_mentioned_in(idea.text)
    ]
