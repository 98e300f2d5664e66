"""Themes: the facilitator groups a question's ideas under names.

Every change is audited. Ideas are locked in the order of their ids, before the session
(see ``services.wall``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from learninglab.cocreation.models import Idea, Prompt, Theme
from learninglab.cocreation.services.wall import (
    lock_ideas,
    wall_changed,
)
from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.text import clean_spaces

THEME_NAME_MAX_LENGTH = 80


def _clean_name(name: str) -> str:
    name = clean_spaces(name)
    if not name:
        raise DomainError("theme_name_empty", _("Give the topic a name."))
    if len(name) > THEME_NAME_MAX_LENGTH:
        raise DomainError(
            "theme_name_too_long",
            _("Keep the topic's name under %(max)s characters.") % {"max": THEME_NAME_MAX_LENGTH},
        )
    return name


def _name_taken() -> DomainError:
    return DomainError("theme_name_taken", _("This question already has a topic of that name."))


@transaction.atomic
def theme_create(*, actor: Actor, prompt: Prompt, name: str, via: str = Via.WEB) -> Theme:
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
    audit_record(
        actor=actor, action="cocreation.theme.created", obj=theme, after={"name": name}, via=via
    )
    wall_changed(prompt.session_id)
    return theme


@transaction.atomic
def theme_rename(*, actor: Actor, theme: Theme, name: str) -> Theme:
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
    audit_record(
        actor=actor,
        action="cocreation.theme.renamed",
        obj=theme,
        before={"name": before},
        after={"name": name},
    )
    wall_changed(theme.prompt.session_id)
    return theme


@transaction.atomic
def idea_theme_assign(*, actor: Actor, idea: Idea, theme: Theme | None, via: str = Via.WEB) -> Idea:
    """Put the idea under ``theme`` of its own prompt, or under none."""
    [idea] = lock_ideas(idea)
    if theme is not None and theme.prompt_id != idea.prompt_id:
        raise DomainError("theme_elsewhere", _("This topic belongs to another question."))
    new = theme.pk if theme is not None else None
    if idea.theme_id == new:
        return idea
    before = idea.theme_id
    idea.theme = theme
    idea.save(update_fields=["theme"])
    audit_record(
        actor=actor,
        action="cocreation.idea.themed",
        obj=idea,
        before={"theme": before},
        after={"theme": new},
        via=via,
    )
    wall_changed(idea.prompt.session_id)
    return idea
