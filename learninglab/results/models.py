"""What a lab produced: its minutes, files and photos, and the attendees' feedback."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from learninglab.core.models import TimeStampedModel
from learninglab.core.multilingual import MultilingualField


def _partner_language(minutes: Minutes) -> str:
    return minutes.lab.partner.main_language


class Minutes(TimeStampedModel):
    """The minutes of a lab, written by staff after it, and whether its results are public.

    ``summary`` and ``decisions`` are written in several languages like the lab's own
    texts. Publishing makes the lab's results page public: these
    minutes, the public files, the ideas of its live session and its attendance.
    """

    audit_partner = "lab.partner_id"

    lab = models.OneToOneField(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="minutes"
    )
    summary = MultilingualField(_("summary"), blank=True, fallback_language=_partner_language)
    decisions = MultilingualField(_("decisions"), blank=True, fallback_language=_partner_language)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.lab)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class FileKind(models.TextChoices):
    DOCUMENT = "document", _("Presentation or document")
    PHOTO = "photo", _("Photo")


def result_file_path(instance: ResultFile, filename: str) -> str:
    # A random folder per file: two files of the same name never overwrite each other,
    # and the address of one file does not lead to the others.
    return f"results/{instance.lab_id}/{uuid.uuid4().hex}/{filename}"


class ResultFile(TimeStampedModel):
    """A presentation, document or photo of a lab, kept through Django's storage API.

    A photo is only added once staff confirmed that it shows only people who gave their
    consent to photos (``consent_confirmed_at``).
    """

    audit_partner = "lab.partner_id"

    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="result_files"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    file = models.FileField(_("file"), upload_to=result_file_path, max_length=300)
    title = models.CharField(_("title"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public files are shown with the published results."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_confirmed_at = models.DateTimeField(_("photo consent confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("result file")
        verbose_name_plural = _("result files")
        ordering = ["lab", "kind", "created_at", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def is_photo(self) -> bool:
        return self.kind == FileKind.PHOTO


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class FeedbackReceipt(models.Model):
    """That an invitation's attendee answered the feedback survey, and when.

    The answer itself is a ``FeedbackAnswer`` with no link back here: the receipt says
    *who* answered, the answer *what* was answered, and nothing joins the two.
    """

    audit_partner = "invitation.lab.partner_id"

    invitation = models.OneToOneField(
        "labs.Invitation", on_delete=models.CASCADE, related_name="feedback_receipt"
    )
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("feedback receipt")
        verbose_name_plural = _("feedback receipts")

    def __str__(self) -> str:
        return str(self.invitation)


class FeedbackAnswer(models.Model):
    """One anonymous answer to a lab's feedback survey.

    Deliberately without a link to the invitation or the person, without a time, and with
    a random id: nothing in it can be matched with the receipt of the person who sent it.
    ``learned_usable`` ("I learned something I can use in my work", 1–5) is the source of
    the programme indicator on increased professional capacity.
    """

    audit_partner = "lab.partner_id"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), on_delete=models.CASCADE, related_name="feedback_answers"
    )
    usefulness = models.PositiveSmallIntegerField(_("how useful the lab was"), validators=SCALE)
    will_apply = models.TextField(_("what they will apply in their work"), blank=True)
    learned_usable = models.PositiveSmallIntegerField(
        _("learned something usable in their work"), validators=SCALE
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5),
                name="feedback_usefulness_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(learned_usable__gte=1, learned_usable__lte=5),
                name="feedback_learned_usable_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Feedback on %(lab)s") % {"lab": self.lab})


class FeedbackQuestionAnswer(models.Model):
    """The answer to one of the lab's own survey questions, part of an anonymous answer.

    It belongs to the ``FeedbackAnswer`` alone, so it is as anonymous as that; ``value`` is
    kept as the question's kind has it (``labs.models.QuestionAnswer``).
    """

    audit_partner = "answer.lab.partner_id"

    # No way back from the answer ("+"): it keeps linking to its lab alone.
    answer = models.ForeignKey(FeedbackAnswer, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        "labs.Question", on_delete=models.PROTECT, related_name="feedback_answers"
    )
    value = models.JSONField()

    class Meta:
        verbose_name = _("answer to a survey question")
        verbose_name_plural = _("answers to survey questions")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "question"], name="feedback_question_answered_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.question_id}"
