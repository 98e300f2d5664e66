"""A partner's good practice, in the programme's form, and what happened to it since.

A good practice is an initiative that proved successful in a region, with measurable
results, and may interest other regions. Its texts are written in the partner's language
and in English (the programme's working language); each is a ``MultilingualField``
whose limit is in ``practices.limits``. A reader whose language a text lacks gets the
English one (the library is read across the partners), not the partner's language.

The practice is documented as a draft, submitted by its partner, reviewed by the
coordinator (more information asked, approved and so published, or declined) and may be
validated by the programme's experts.
Every step is kept in ``PracticeEvent``, which is the history shown on the practice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core.models import TimeStampedModel
from learninglab.core.multilingual import MultilingualField
from learninglab.practices.limits import limit


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("practice", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("practice", "Submitted")
    RETURNED = "returned", pgettext_lazy("practice", "More information asked")
    DECLINED = "declined", pgettext_lazy("practice", "Declined")
    PUBLISHED = "published", pgettext_lazy("practice", "Published")


class Progress(models.TextChoices):
    """Whether the practice still runs (the programme form's "status" of its timescale;
    shown to the public too)."""

    ONGOING = "ongoing", pgettext_lazy("stakeholder", "Ongoing")
    COMPLETED = "completed", pgettext_lazy("stakeholder", "Completed")


class Topic(models.TextChoices):
    """The programme's topics a practice is filed under (shown to the public too)."""

    RESEARCH_INNOVATION = (
        "research_innovation",
        pgettext_lazy("stakeholder", "Research and innovation"),
    )
    SME_COMPETITIVENESS = "sme_competitiveness", pgettext_lazy("stakeholder", "SME competitiveness")
    LOW_CARBON = "low_carbon", pgettext_lazy("stakeholder", "Low-carbon economy")
    ENVIRONMENT = "environment", pgettext_lazy("stakeholder", "Environment and resource efficiency")


class GoodPractice(TimeStampedModel):
    audit_partner = "partner_id"

    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )

    title = MultilingualField(_("title"), max_length=limit("title"))
    institution = MultilingualField(
        _("main institution"),
        max_length=limit("institution"),
        blank=True,
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO code, e.g. RO."))
    nuts2 = models.CharField(
        _("NUTS 2 region"), max_length=6, blank=True, help_text=_("Its code, e.g. RO42.")
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    summary = MultilingualField(_("summary"), max_length=limit("summary"), blank=True)
    problem = MultilingualField(
        _("the problem it addresses"),
        max_length=limit("problem"),
        blank=True,
    )
    activities = MultilingualField(
        _("what was done"),
        max_length=limit("activities"),
        blank=True,
    )
    stakeholders = MultilingualField(
        _("main stakeholders and beneficiaries"),
        max_length=limit("stakeholders"),
        blank=True,
    )
    resources = MultilingualField(
        _("resources needed"),
        max_length=limit("resources"),
        blank=True,
    )
    budget_eur = models.DecimalField(
        _("budget (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    people_involved = models.PositiveIntegerField(_("people working on it"), null=True, blank=True)
    started_on = models.DateField(_("start"), null=True, blank=True)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    progress = models.CharField(
        _("status of the practice"),
        max_length=10,
        choices=Progress.choices,
        default=Progress.ONGOING,
    )
    evidence = MultilingualField(
        _("evidence of success"),
        max_length=limit("evidence"),
        blank=True,
    )
    difficulties = MultilingualField(
        _("difficulties encountered and lessons learnt"),
        max_length=limit("difficulties"),
        blank=True,
    )
    transfer_potential = MultilingualField(
        _("potential for learning or transfer"),
        max_length=limit("transfer_potential"),
        blank=True,
    )
    links = models.JSONField(
        _("further information"),
        default=list,
        blank=True,
        help_text=_("Web addresses, each with an optional label."),
    )
    keywords = models.CharField(_("keywords"), max_length=limit("keywords"), blank=True)
    contact = models.ForeignKey(
        "stakeholders.Stakeholder",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identified_in_project = models.BooleanField(_("identified within the project"), default=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expert_validated_at = models.DateTimeField(
        _("validated by the programme's experts"), null=True, blank=True
    )
    expert_opinion = MultilingualField(
        _("the experts' opinion"),
        max_length=limit("expert_opinion"),
        blank=True,
    )

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "partner"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="practice_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title.in_("en")

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        """Whether its partner may still change it (a draft, or returned for more)."""
        return self.status in (PracticeStatus.DRAFT, PracticeStatus.RETURNED)

    @property
    def languages(self) -> list[str]:
        """The languages it is written in: the partner's, then English."""
        return list(dict.fromkeys([*self.partner.languages, "en"]))


class PracticeTopic(models.Model):
    """One of the programme's topics a practice is filed under."""

    audit_partner = "practice.partner_id"

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["practice", "topic"], name="practice_topic_once")
        ]

    def __str__(self) -> str:
        return self.get_topic_display()


class EventKind(models.TextChoices):
    CREATED = "created", pgettext_lazy("practice", "Created")
    SUBMITTED = "submitted", pgettext_lazy("practice", "Submitted for review")
    RETURNED = "returned", pgettext_lazy("practice", "More information asked")
    APPROVED = "approved", pgettext_lazy("practice", "Approved and published")
    DECLINED = "declined", pgettext_lazy("practice", "Declined")
    VALIDATED = "validated", pgettext_lazy("practice", "Validated by the programme's experts")
    UNPUBLISHED = "unpublished", pgettext_lazy("practice", "Taken off the public catalogue")


class PracticeEvent(models.Model):
    """A step of a practice's review: who did it, when, and what they wrote."""

    audit_partner = "practice.partner_id"

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=12, choices=EventKind.choices)
    comment = models.TextField(_("comment"), max_length=limit("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("step of the review")
        verbose_name_plural = _("history")
        ordering = ["practice", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.practice_id}: {self.kind}"


def practice_file_path(instance: PracticeImage | PracticeDocument, filename: str) -> str:
    # A random folder per file, as for a lab's results: no overwriting, no guessing.
    return f"practices/{instance.practice_id}/{uuid.uuid4().hex}/{filename}"


class PracticeFile(TimeStampedModel):
    """What an image and a document of a practice share: the stored file and its facts."""

    audit_partner = "practice.partner_id"

    file = models.FileField(_("file"), upload_to=practice_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["practice", "position", "pk"]


class PracticeImage(PracticeFile):
    """A picture of the practice; its alternative text is required, in its languages."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="images")
    alt_text = MultilingualField(
        _("text for people who cannot see the picture"),
        max_length=limit("alt_text"),
    )

    class Meta(PracticeFile.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.original_name


class PracticeDocument(PracticeFile):
    """A document about the practice (a report, a leaflet, a presentation)."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta(PracticeFile.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title or self.original_name


class TransferStage(models.TextChoices):
    """How far a partner got in learning from another partner's practice."""

    STUDIED = "studied", pgettext_lazy("stakeholder", "Studied")
    ADAPTING = "adapting", pgettext_lazy("stakeholder", "Adapting")
    ADOPTED = "adopted", pgettext_lazy("stakeholder", "Adopted")


class PracticeTransfer(TimeStampedModel):
    """A partner recording that it studied, is adapting or adopted another's practice.

    One row per stage reached, so the log shows the way: studied in March, adapting
    from June. Recorded by the learning partner, who is never the practice's own.
    """

    audit_partner = "partner_id"

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="transfers")
    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("learning partner"),
        on_delete=models.CASCADE,
        related_name="practice_transfers",
    )
    stage = models.CharField(_("stage"), max_length=10, choices=TransferStage.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=limit("transfer_note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfer log")
        ordering = ["practice", "on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "partner", "stage"], name="practice_transfer_stage_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.stage} {self.practice_id}"


class PracticeSearchIndex(models.Model):
    """A practice's row in SQLite's full-text index (see ``practices.search_index``).

    The table is an FTS5 table made by a migration and kept by triggers: Django neither
    creates nor writes it. This model only lets a query join it to the practices.
    PostgreSQL keeps the index in a column of the practice instead and has no such table.
    """

    practice = models.OneToOneField(
        GoodPractice,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_index",
    )
    title = models.TextField()

    class Meta:
        managed = False
        db_table = "practices_search_index"
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.practice_id)
