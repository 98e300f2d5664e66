"""A partner's action plan for one policy instrument, its actions, and their monitoring.

In Interreg Europe the action plan is each partner's compulsory output: how what it
learnt in the cooperation will improve one policy instrument. It follows the programme's
template: Part I general information, Part II the policy context, Part III the actions
(each with its background, what will be done, the players, timeframe, costs and funding),
then the endorsement by the body responsible for the instrument. Partners addressing the
same instrument write one joint plan: the plan's ``partner`` leads it, ``joint_partners``
join it.

The plan is written in its partner's language with an English summary: each text is a
``MultilingualField`` (the plan's language and English); a reader whose language a text
lacks gets the plan's own language first.

Every submission, endorsement and revision keeps a ``PlanVersion``: a snapshot of the
plan's texts and actions, so that two versions can be compared side by side.

In the implementation phase each action has a status and progress, kept by
``ProgressEntry`` rows (what happened, when, with evidence and the funds mobilised).
Each action keeps the ideas and good practices it came from (``ActionIdea``,
``ActionPractice``); those links hold a copy of what they point at, so that the
provenance survives an edit, a merge of ideas or the erasure of a person.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.actionplans.limits import limit
from learninglab.core.models import TimeStampedModel
from learninglab.core.multilingual import MultilingualField


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("action plan", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("action plan", "Submitted")
    ENDORSED = "endorsed", pgettext_lazy("action plan", "Endorsed")
    REVISED = "revised", pgettext_lazy("action plan", "Being revised")


def _plan_language(obj: ActionPlan) -> str:
    return obj.language


class ActionPlan(TimeStampedModel):
    """A partner's (or several partners') plan to improve one policy instrument."""

    audit_partner = "partner_id"

    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    joint_partners = models.ManyToManyField(
        "projects.Partner",
        verbose_name=_("partners writing it jointly"),
        blank=True,
        related_name="joint_action_plans",
    )
    instrument = models.ForeignKey(
        "projects.PolicyInstrument",
        verbose_name=_("policy instrument"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    language = models.CharField(
        _("language of the plan"),
        max_length=8,
        choices=settings.STAKEHOLDER_LANGUAGES,
        help_text=_("The partner's language; the plan has an English summary too."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    is_public = models.BooleanField(
        _("progress shown to the public"),
        default=False,
        help_text=_("The plan's actions, their status and progress have a public page."),
    )

    # Part I — general information
    title = MultilingualField(
        _("title"), max_length=limit("plan_title"), blank=True, fallback_language=_plan_language
    )
    organisation = MultilingualField(
        _("partner organisation"),
        max_length=limit("organisation"),
        blank=True,
        fallback_language=_plan_language,
    )
    other_partners = MultilingualField(
        _("other partners involved"),
        max_length=limit("other_partners"),
        blank=True,
        fallback_language=_plan_language,
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO code, e.g. RO."))
    nuts2 = models.CharField(
        _("NUTS 2 region"), max_length=6, blank=True, help_text=_("Its code, e.g. RO42.")
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=limit("contact"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Gets the reminders of milestones and reports."),
    )

    # Part II — policy context (the instrument's name is the instrument's own)
    improvement = MultilingualField(
        _("how the plan improves the instrument"),
        max_length=limit("improvement"),
        blank=True,
        fallback_language=_plan_language,
    )
    summary = MultilingualField(
        _("summary of the actions and their policy relevance"),
        max_length=limit("summary"),
        blank=True,
        fallback_language=_plan_language,
    )

    # Endorsement, as of the latest endorsed version
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)
    endorsed_by = models.CharField(_("endorsing organisation"), max_length=200, blank=True)
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        # By names, not by the partner and instrument themselves: both order by a
        # partner, which Django takes for a loop in the ordering of every model below.
        ordering = ["partner__city", "instrument__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "instrument"], name="actionplans_one_plan_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner.city} — {self.instrument}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan", args=[self.slug])

    def get_public_url(self) -> str:
        return reverse("actionplans:public_plan", args=[self.slug])

    @property
    def languages(self) -> list[str]:
        """The languages it is written in: its own, then English."""
        return list(dict.fromkeys([self.language, "en"]))

    @property
    def is_editable(self) -> bool:
        """Whether its texts and actions may change (a draft, or a revision under way)."""
        return self.status in (PlanStatus.DRAFT, PlanStatus.REVISED)


def version_file_path(instance: PlanVersion, filename: str) -> str:
    # A random folder per file: no overwriting, no guessing.
    return f"actionplans/{instance.plan_id}/{uuid.uuid4().hex}/{filename}"


class PlanVersion(models.Model):
    """A snapshot of a plan when it was submitted, endorsed or revised.

    ``content`` holds the plan's texts and its actions as they were (see
    ``actionplans.versions``); an endorsed version also holds the signed document.
    """

    audit_partner = "plan.partner_id"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices)
    content = models.JSONField(default=dict, editable=False)
    note = models.TextField(_("what changed"), max_length=limit("version_note"), blank=True)
    signed_document = models.FileField(
        _("signed document"), upload_to=version_file_path, max_length=300, blank=True
    )
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["plan_id", "number"]  # as actions are, for the same reason
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="actionplans_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("stakeholder", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("stakeholder", "In progress")
    COMPLETED = "completed", pgettext_lazy("stakeholder", "Completed")
    DELAYED = "delayed", pgettext_lazy("stakeholder", "Delayed")
    ABANDONED = "abandoned", pgettext_lazy("stakeholder", "Abandoned")


# A delayed or abandoned action says why: the programme asks for the reasons.
STATUSES_WITH_REASON = (ActionStatus.DELAYED, ActionStatus.ABANDONED)


def _action_language(action: Action) -> str:
    return action.plan.language


class Action(TimeStampedModel):
    """One action of a plan: what will be done, by whom, when, at what cost; and how far
    it got (``status``, ``progress``), as kept by its progress entries."""

    audit_partner = "plan.partner_id"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    title = MultilingualField(
        _("title"), max_length=limit("action_title"), fallback_language=_action_language
    )
    background = MultilingualField(
        _("background: the lesson learnt and what inspired it"),
        max_length=limit("background"),
        blank=True,
        fallback_language=_action_language,
    )
    description = MultilingualField(
        _("what will be done"),
        max_length=limit("description"),
        blank=True,
        fallback_language=_action_language,
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    costs_eur = models.DecimalField(
        _("costs (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    is_pilot = models.BooleanField(
        _("pilot action"),
        default=False,
        help_text=_("A pilot action tests a lesson learnt in the implementation phase."),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight in the plan's progress"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Leave empty to count every action the same."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Monitoring: the latest progress entry's figures, kept by the services.
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    status_reason = models.TextField(_("reason"), max_length=limit("reason"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    practices = models.ManyToManyField(
        "practices.GoodPractice",
        through="ActionPractice",
        related_name="actions",
        verbose_name=_("good practices behind it"),
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        # By the plan's id: through the plan's own ordering Django takes the partner twice
        # (the plan's and its instrument's) for a loop, and refuses every query.
        ordering = ["plan_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="actionplans_action_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="actionplans_progress_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return self.title.in_("en")[:80]

    def get_absolute_url(self) -> str:
        return reverse("actionplans:action", args=[self.plan.slug, self.pk])

    @property
    def number(self) -> int:
        """The action's number in its plan, from 1 (its position is kept gap-free)."""
        return self.position + 1


class ActionPractice(models.Model):
    """A good practice behind an action; ``note`` says what was taken from it."""

    audit_partner = "action.plan.partner_id"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="practice_links")
    practice = models.ForeignKey(
        "practices.GoodPractice", on_delete=models.CASCADE, related_name="action_links"
    )
    note = models.CharField(_("what was taken from it"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("good practice behind an action")
        verbose_name_plural = _("good practices behind actions")
        constraints = [
            models.UniqueConstraint(fields=["action", "practice"], name="actionplans_practice_once")
        ]

    def __str__(self) -> str:
        return f"{self.action_id} ← practice {self.practice_id}"


class ActionIdea(models.Model):
    """An idea of a live wall behind an action.

    The idea's text and lab are copied when the link is made: the link still says where
    the action came from if the idea is merged into another (``idea`` then still names
    the duplicate, whose ``merged_into`` leads to the idea kept) or deleted with its
    session (``idea`` becomes empty, the copy stays). Nothing here names a person.
    """

    audit_partner = "action.plan.partner_id"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="idea_links")
    idea = models.ForeignKey(
        "cocreation.Idea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_links",
    )
    lab = models.ForeignKey(
        "labs.Lab", null=True, blank=True, on_delete=models.SET_NULL, related_name="action_links"
    )
    text = models.CharField(_("idea"), max_length=280)
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("idea behind an action")
        verbose_name_plural = _("ideas behind actions")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "idea"],
                condition=models.Q(idea__isnull=False),
                name="actionplans_idea_once",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


def _player_language(player: ActionPlayer) -> str:
    return player.action.plan.language


def _milestone_language(milestone: Milestone) -> str:
    return milestone.action.plan.language


class ActionPlayer(models.Model):
    """An organisation involved in an action, from the directory or named, and its role."""

    audit_partner = "action.plan.partner_id"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="players")
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_roles",
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("For an organisation that is not in the directory."),
    )
    role = MultilingualField(
        _("role"),
        max_length=limit("player_role"),
        blank=True,
        fallback_language=_player_language,
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("player involved")
        verbose_name_plural = _("players involved")
        ordering = ["action", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | ~models.Q(name=""),
                name="actionplans_player_named",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation is not None else self.name


class Milestone(models.Model):
    """A step of an action with its due date; ``done_on`` once reached."""

    audit_partner = "action.plan.partner_id"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = MultilingualField(
        _("milestone"), max_length=limit("milestone"), fallback_language=_milestone_language
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["action", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title.in_("en")[:80]


class FundingKind(models.TextChoices):
    """Where an action's money comes from; the first four are the EU's Structural Funds
    (reported separately among the funds a plan influenced)."""

    ERDF = "erdf", _("European Regional Development Fund (ERDF)")
    ESF = "esf", _("European Social Fund Plus (ESF+)")
    COHESION = "cohesion", _("Cohesion Fund")
    JTF = "jtf", _("Just Transition Fund")
    OTHER_EU = "other_eu", _("Other EU funding")
    NATIONAL = "national", _("National public funds")
    REGIONAL = "regional", _("Regional or local public funds")
    PRIVATE = "private", _("Private funds")
    OTHER = "other", _("Other")


STRUCTURAL_FUNDS = (FundingKind.ERDF, FundingKind.ESF, FundingKind.COHESION, FundingKind.JTF)


class FundingSource(models.Model):
    """One source of an action's funding and the amount planned from it."""

    audit_partner = "action.plan.partner_id"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="funding")
    kind = models.CharField(_("type"), max_length=10, choices=FundingKind.choices)
    name = models.CharField(
        _("name"), max_length=limit("funding_name"), blank=True, help_text=_("e.g. ROP West, 2.1")
    )
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["action", "pk"]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    @property
    def is_structural(self) -> bool:
        return self.kind in STRUCTURAL_FUNDS


class ProgressEntry(models.Model):
    """What happened to an action on a date: a text, the status and progress it reached,
    the reason when delayed or abandoned, the evidence and the funds mobilised."""

    audit_partner = "action.plan.partner_id"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="entries")
    on = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=limit("entry_text"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    reason = models.TextField(_("reason"), max_length=limit("reason"), blank=True)
    created_at = models.DateTimeField(_("recorded"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["action", "on", "pk"]
        indexes = [models.Index(fields=["action", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="actionplans_entry_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.on}: {self.status}"


class FundsMobilised(models.Model):
    """Money an entry reports as mobilised from one of its action's funding sources."""

    audit_partner = "entry.action.plan.partner_id"

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="funds")
    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="mobilised")
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("funds mobilised")
        verbose_name_plural = _("funds mobilised")
        constraints = [
            models.UniqueConstraint(fields=["entry", "source"], name="actionplans_funds_once")
        ]

    def __str__(self) -> str:
        return f"{self.source_id}: {self.amount_eur}"


def evidence_file_path(instance: EvidenceFile, filename: str) -> str:
    return f"actionplans/evidence/{instance.entry_id}/{uuid.uuid4().hex}/{filename}"


class EvidenceFile(TimeStampedModel):
    """A file that shows an entry's progress (minutes, a contract, a photo, a report)."""

    audit_partner = "entry.action.plan.partner_id"

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.original_name


def new_follow_token() -> str:
    return secrets.token_urlsafe(24)


class PlanFollower(models.Model):
    """Someone who asked for an e-mail when an action of a public plan changes status.

    Double opt-in: nothing is sent but the confirmation until ``confirmed_at`` is set by
    the link in it. The token is also the one-click unsubscribe link's.
    """

    audit_partner = "plan.partner_id"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=settings.STAKEHOLDER_LANGUAGES)
    token = models.CharField(max_length=64, unique=True, default=new_follow_token, editable=False)
    created_at = models.DateTimeField(_("asked"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["plan", "email"], name="actionplans_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.pk}"


def new_import_token() -> str:
    return secrets.token_urlsafe(24)


class ProgressImport(models.Model):
    """A progress spreadsheet kept between its preview and its commit.

    The pages address it by ``token``. The preview and the commit both read the rows
    again from ``content`` as uploaded: nothing a browser sends back is recorded. A file
    is committed once (``committed_at``); one never committed is deleted after a day.
    """

    audit_partner = "plan.partner_id"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_import_token, editable=False)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"))
    committed_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress import")
        verbose_name_plural = _("progress imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
