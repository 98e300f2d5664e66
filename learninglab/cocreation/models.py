"""A lab's live co-creation wall: its prompts, the people taking part, their ideas and votes.

The rules (one open prompt, the vote budget, moderation, merging) are kept by the
services; the constraints below are the database's own guard behind them, so that no
race between two app processes can break them. The services also give ``created_at``,
from their clock: a session played on another day (the demo's) is dated on that day.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core.models import TimeStampedModel
from learninglab.core.multilingual import MultilingualField

# No 0/O, 1/I/L: a code read off a projector is typed without guessing.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
IDEA_MAX_LENGTH = 280
PROMPT_MAX_LENGTH = 300
DISPLAY_NAME_MAX_LENGTH = 40
MAX_VOTE_BUDGET = 20


def new_join_code() -> str:
    """Return a random join code, such as ``K7QH2M``."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class LiveSession(TimeStampedModel):
    """A lab's co-creation wall, joined with a short code.

    ``version`` grows with every change the wall shows (an idea, a vote, a prompt opened):
    the projector asks for the wall with the version it has and gets "not modified" until
    it changes, whichever app process answers.
    """

    audit_partner = "lab.partner_id"

    lab = models.OneToOneField(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="live_session"
    )
    join_code = models.CharField(
        _("join code"), max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code
    )
    is_open = models.BooleanField(_("open to participants"), default=False)
    is_moderated = models.BooleanField(
        _("moderation"),
        default=False,
        help_text=_("Ideas are shown only once a facilitator approves them."),
    )
    vote_budget = models.PositiveSmallIntegerField(
        _("votes per person and question"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VOTE_BUDGET)],
    )
    allow_stacking = models.BooleanField(
        _("several votes on one idea"),
        default=False,
        help_text=_("A person may give more than one of their votes to the same idea."),
    )
    version = models.PositiveBigIntegerField(default=0, editable=False)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vote_budget__gte=1), name="cocreation_budget_positive"
            )
        ]

    def __str__(self) -> str:
        return self.join_code

    def get_absolute_url(self) -> str:
        return reverse("cocreation:facilitate", args=[self.lab.slug])

    def get_join_url(self) -> str:
        return reverse("cocreation:join_session", args=[self.join_code])


class PromptStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet asked")
    OPEN = "open", pgettext_lazy("a question", "Open")
    CLOSED = "closed", pgettext_lazy("a question", "Closed")


def _partner_language(prompt: Prompt) -> str:
    return prompt.session.lab.partner.main_language


class Prompt(models.Model):
    """A question of a round, asked to everyone at once; at most one is open at a time."""

    audit_partner = "session.lab.partner_id"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="prompts")
    text = MultilingualField(
        _("question"), max_length=PROMPT_MAX_LENGTH, fallback_language=_partner_language
    )
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=PromptStatus.choices, default=PromptStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(status="open"),
                name="cocreation_one_open_prompt",
            )
        ]

    def __str__(self) -> str:
        return self.text.in_("en")[:80]

    @property
    def is_open(self) -> bool:
        return self.status == PromptStatus.OPEN


class Theme(models.Model):
    """A group of ideas of one prompt, named by the facilitator."""

    audit_partner = "prompt.session.lab.partner_id"

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["prompt", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["prompt", "name"], name="cocreation_theme_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """Someone taking part from their phone, known only by their browser's secret token."""

    audit_partner = "session.lab.partner_id"

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    token = models.CharField(max_length=64, editable=False)
    display_name = models.CharField(
        _("name (optional)"), max_length=DISPLAY_NAME_MAX_LENGTH, blank=True
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.STAKEHOLDER_LANGUAGES)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["session", "token"], name="cocreation_join_once")
        ]

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"


class IdeaStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    VISIBLE = "visible", _("Shown")
    HIDDEN = "hidden", _("Hidden")


class IdeaQuerySet(models.QuerySet["Idea"]):
    def shown(self) -> IdeaQuerySet:
        """Return the ideas on the wall: approved and not merged into another."""
        return self.filter(status=IdeaStatus.VISIBLE, merged_into__isnull=True)


class Idea(models.Model):
    """An idea posted in answer to a prompt; a duplicate is merged into the idea kept."""

    audit_partner = "prompt.session.lab.partner_id"

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="ideas")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    text = models.CharField(_("idea"), max_length=IDEA_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=8, choices=IdeaStatus.choices, default=IdeaStatus.VISIBLE
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The session's version when the idea last came onto the wall or left it: a phone that
    # has seen the wall up to version V asks only for the ideas changed after V.
    wall_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["prompt", "created_at", "pk"]
        indexes = [
            # The rate limit counts a participant's latest ideas.
            models.Index(fields=["participant", "created_at"]),
            models.Index(fields=["prompt", "status"]),
            models.Index(fields=["prompt", "wall_version"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Vote(models.Model):
    """One dot of a participant on an idea.

    ``stack`` numbers a person's votes on the same idea (1, 2, ...). Without stacking it is
    always 1, so the unique constraint allows one vote per idea and person; with stacking
    it stops two simultaneous requests from taking the same place.
    """

    audit_partner = "idea.prompt.session.lab.partner_id"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    stack = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "participant", "stack"], name="cocreation_vote_unique"
            ),
            models.CheckConstraint(condition=models.Q(stack__gte=1), name="cocreation_stack"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.idea_id}"
