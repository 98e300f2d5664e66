"""What the facilitator does with the ideas: approve, hide, group into themes, merge.

Every change is audited. Ideas are locked before the session (see ``services``), in the
order of their ids, as a vote locks its idea.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from learninglab.cocreation.models import Idea, IdeaStatus, LiveSession, Prompt, Theme, Vote
from learninglab.cocreation.services import wall_changed
from learninglab.core.audit import audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.text import clean_spaces

THEME_NAME_MAX_LENGTH = 80


def _audit(actor: Any, action: str, obj: Any, prompt: Prompt, **changes: Any) -> None:
    session = LiveSession.objects.select_related("lab").get(pk=prompt.session_id)
    audit_record(actor=actor, action=action, obj=obj, partner_id=session.lab.partner_id, **changes)


def _lock(*ideas: Idea) -> list[Idea]:
    """Lock the ideas in the order of their ids; return them fresh, in the order given."""
    pks = [idea.pk for idea in ideas]
    locked = Idea.objects.select_for_update(of=("self",)).select_related("prompt")
    found = {idea.pk: idea for idea in locked.filter(pk__in=pks).order_by("pk")}
    return [found[pk] for pk in pks]


@transaction.atomic
def idea_approve(*, actor: Any, idea: Idea) -> Idea:
    """Show a waiting (or hidden) idea on the wall."""
    [idea] = _lock(idea)
    if idea.merged_into_id is not None:
        raise DomainError("idea_merged", _("This idea was merged into another."))
    if idea.status == IdeaStatus.VISIBLE:
        return idea
    before = idea.status
    idea.status = IdeaStatus.VISIBLE
    idea.wall_version = wall_changed(idea.prompt.session_id)
    idea.save(update_fields=["status", "wall_version"])
    _audit(
        actor,
        "cocreation.idea.approved",
        idea,
        idea.prompt,
        before={"status": before},
        after={"status": idea.status},
    )
    return idea


@transaction.atomic
def idea_hide(*, actor: Any, idea: Idea) -> Idea:
    """Take an idea off the wall; its votes go back to the people who gave them."""
    [idea] = _lock(idea)
    if idea.status == IdeaStatus.HIDDEN:
        return idea
    before = idea.status
    idea.status = IdeaStatus.HIDDEN
    idea.wall_version = wall_changed(idea.prompt.session_id)
    idea.save(update_fields=["status", "wall_version"])
    returned, _by_model = idea.votes.all().delete()
    _audit(
        actor,
        "cocreation.idea.hidden",
        idea,
        idea.prompt,
        before={"status": before},
        after={"status": idea.status},
        extra={"votes_returned": returned},
    )
    return idea


def _clean_name(name: str) -> str:
    name = clean_spaces(name)
    if not name:
        raise DomainError("theme_name_empty", _("Give the theme a name."))
    if len(name) > THEME_NAME_MAX_LENGTH:
        raise DomainError(
            "theme_name_too_long",
            _("Keep the theme's name under %(max)s characters.") % {"max": THEME_NAME_MAX_LENGTH},
        )
    return name


def _name_taken() -> DomainError:
    return DomainError("theme_name_taken", _("This question already has a theme of that name."))


@transaction.atomic
def theme_create(*, actor: Any, prompt: Prompt, name: str, via: str = Via.WEB) -> Theme:
    """Add a theme to group the prompt's ideas under."""
    name = _clean_name(name)
    if prompt.themes.filter(name=name).exists():
        raise _name_taken()
    last = prompt.themes.aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            theme = Theme.objects.create(
                prompt=prompt, name=name, position=0 if last is None else last + 1
            )
    except IntegrityError:
        raise _name_taken() from None
    _audit(actor, "cocreation.theme.created", theme, prompt, after={"name": name}, via=via)
    wall_changed(prompt.session_id)
    return theme


@transaction.atomic
def theme_rename(*, actor: Any, theme: Theme, name: str) -> Theme:
    name = _clean_name(name)
    if name == theme.name:
        return theme
    if Theme.objects.filter(prompt_id=theme.prompt_id, name=name).exclude(pk=theme.pk).exists():
        raise _name_taken()
    before = theme.name
    theme.name = name
    try:
        with transaction.atomic():
            theme.save(update_fields=["name"])
    except IntegrityError:
        raise _name_taken() from None
    _audit(
        actor,
        "cocreation.theme.renamed",
        theme,
        theme.prompt,
        before={"name": before},
        after={"name": name},
    )
    wall_changed(theme.prompt.session_id)
    return theme


@transaction.atomic
def idea_theme_assign(*, actor: Any, idea: Idea, theme: Theme | None, via: str = Via.WEB) -> Idea:
    """Put the idea under ``theme`` of its own prompt, or under none."""
    [idea] = _lock(idea)
    if theme is not None and theme.prompt_id != idea.prompt_id:
        raise DomainError("theme_elsewhere", _("This theme belongs to another question."))
    new = theme.pk if theme is not None else None
    if idea.theme_id == new:
        return idea
    before = idea.theme_id
    idea.theme = theme
    idea.save(update_fields=["theme"])
    _audit(
        actor,
        "cocreation.idea.themed",
        idea,
        idea.prompt,
        before={"theme": before},
        after={"theme": new},
        via=via,
    )
    wall_changed(idea.prompt.session_id)
    return idea


@transaction.atomic
def idea_merge(*, actor: Any, idea: Idea, into: Idea, via: str = Via.WEB) -> Idea:
    """Merge a duplicate ``idea`` into the idea kept, ``into``; return the idea kept.

    The duplicate's votes move to the idea kept. Nobody ends with more votes than before:
    without stacking, a person who voted for both keeps one vote and gets the other back.
    Ideas merged earlier into the duplicate now point at the idea kept, which also takes
    the duplicate's theme when it has none.
    """
    if idea.pk == into.pk:
        raise DomainError("merge_self", _("Choose another idea to merge into."))
    idea, into = _lock(idea, into)
    if idea.prompt_id != into.prompt_id:
        raise DomainError("merge_elsewhere", _("Only ideas of the same question can be merged."))
    if idea.merged_into_id is not None or into.merged_into_id is not None:
        raise DomainError("idea_merged", _("This idea was merged into another."))
    session = LiveSession.objects.get(pk=idea.prompt.session_id)
    moved, returned = _move_votes(idea, into, stacking=session.allow_stacking)
    idea.duplicates.update(merged_into=into)
    idea.merged_into = into
    idea.wall_version = wall_changed(session.pk)
    idea.save(update_fields=["merged_into", "wall_version"])
    if into.theme_id is None and idea.theme_id is not None:
        into.theme_id = idea.theme_id
        into.save(update_fields=["theme"])
    _audit(
        actor,
        "cocreation.idea.merged",
        idea,
        idea.prompt,
        after={"merged_into": into.pk},
        extra={"votes_moved": moved, "votes_returned": returned},
        via=via,
    )
    return into


def _move_votes(idea: Idea, into: Idea, *, stacking: bool) -> tuple[int, int]:
    """Move the votes of ``idea`` onto ``into``; return how many moved and were given back."""
    kept_stacks = dict(
        into.votes.values("participant_id")
        .annotate(last=Max("stack"))
        .values_list("participant_id", "last")
    )
    by_person: dict[int, list[Vote]] = defaultdict(list)
    for vote in idea.votes.order_by("participant_id", "stack"):
        by_person[vote.participant_id].append(vote)
    moved, returned = 0, 0
    for person, votes in by_person.items():
        last = kept_stacks.get(person, 0)
        # Without stacking a person keeps one vote on the idea kept, at most.
        keep = len(votes) if stacking else max(0, 1 - last)
        for n, vote in enumerate(votes):
            if n < keep:
                vote.idea, vote.stack = into, last + n + 1
                vote.save(update_fields=["idea", "stack"])
                moved += 1
            else:
                vote.delete()
                returned += 1
    return moved, returned
