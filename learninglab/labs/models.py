"""Labs (and other meetings), their agenda and contacts, invitations and answers."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core import languages
from learninglab.core.models import TimeStampedModel
from learninglab.core.multilingual import Multilingual, MultilingualField
from learninglab.projects.models import validate_time_zone


def partner_language(obj: Lab) -> str:
    """Return the main language of the lab's partner: the first fallback of its texts."""
    return obj.partner.main_language


def lab_partner_language(obj: AgendaItem | LabContact | LabMessage | Question) -> str:
    return obj.lab.partner.main_language


class LabKind(models.TextChoices):
    LOCAL_LAB = "local_lab", pgettext_lazy("stakeholder", "Local Learning Lab")
    INTERREGIONAL_WORKSHOP = "workshop", pgettext_lazy("stakeholder", "Interregional workshop")
    STUDY_VISIT = "study_visit", pgettext_lazy("stakeholder", "Study visit")


class LabStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationMode(models.TextChoices):
    """Who may take a seat at a lab: the people invited, or anyone through its public page."""

    INVITATION_ONLY = "invitation", _("By invitation only")
    OPEN = "open", _("Open to anyone: people register on the public page")
    APPROVAL = "approval", _("Open, with staff approval of each registration")


# How many days before a lab's day checking in and marking it as held need no confirmation.
LAB_DAY_FROM = datetime.timedelta(days=1)


class Lab(TimeStampedModel):
    """A meeting of a partner's stakeholder group: a Local Learning Lab, a workshop, a visit.

    Times are stored in UTC and shown in ``time_zone``. Texts (theme, description,
    results, invitation) are written in several languages (``MultilingualField``).
    ``sequence`` counts the changes of time or place sent to people's calendars.
    """

    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="labs",
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=LabKind.choices, default=LabKind.LOCAL_LAB
    )
    round_number = models.PositiveSmallIntegerField(
        _("lab number in the project"), null=True, blank=True
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    theme = MultilingualField(_("theme"), max_length=300, fallback_language=partner_language)
    description = MultilingualField(
        _("description"), max_length=20000, blank=True, fallback_language=partner_language
    )
    results = MultilingualField(
        _("results"), max_length=20000, blank=True, fallback_language=partner_language
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("How many people the room holds. Leave empty for no limit."),
    )
    # The invitations attending, kept by ``labs.services.seats.seats_move`` alone, under
    # the lab's lock: an answer compares it with the capacity instead of counting.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    rsvp_deadline = models.DateTimeField(_("answer by"))
    registration = models.CharField(
        _("registration"),
        max_length=10,
        choices=RegistrationMode.choices,
        default=RegistrationMode.INVITATION_ONLY,
        help_text=_(
            "Open labs have a registration form on their public page until the deadline; "
            "registrations share the seats and the waiting list with the invitations."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"),
        default=3,
        help_text=_("People who have not answered get one reminder this many days before."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous lab of the series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_labs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LabStatus.choices, default=LabStatus.DRAFT
    )
    # The calendar identity of the lab (UID) and its revision (SEQUENCE), RFC 5545.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    invitation_subject = MultilingualField(
        _("invitation subject"), max_length=300, blank=True, fallback_language=partner_language
    )
    invitation_body = MultilingualField(
        _("invitation text"), max_length=20000, blank=True, fallback_language=partner_language
    )
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="lab_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("labs:detail", args=[self.slug])

    def get_public_url(self) -> str:
        return reverse("labs:public", args=[self.slug])

    @property
    def text_languages(self) -> list[str]:
        """Return the languages the lab's texts are written in: the partner's, then English."""
        return list(dict.fromkeys([*self.partner.languages, "en"]))

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self) -> datetime.datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def local_rsvp_deadline(self) -> datetime.datetime:
        return self.rsvp_deadline.astimezone(self.zone)

    @property
    def heading(self) -> str:
        """Return "Local Learning Lab, round 2" in the active language."""
        kind = self.get_kind_display()
        if self.round_number:
            return pgettext_lazy("stakeholder", "%(kind)s, round %(round)s") % {
                "kind": kind,
                "round": self.round_number,
            }
        return str(kind)

    @property
    def venue_line(self) -> str:
        """Return "venue, address" as invitations, calendars and sheets write it."""
        return ", ".join(part for part in (self.venue_name, self.venue_address) if part)

    @property
    def rsvp_contacts(self) -> list[LabContact]:
        """Return the contact persons who take the answers, in their order."""
        return [contact for contact in self.contacts.all() if contact.role == ContactRole.RSVP]

    @property
    def rsvp_contact(self) -> LabContact | None:
        """Return the one to write to about answers: the first with an e-mail, else the first."""
        contacts = self.rsvp_contacts
        return next((c for c in contacts if c.email), contacts[0] if contacts else None)

    @property
    def is_cancelled(self) -> bool:
        return self.status == LabStatus.CANCELLED

    def is_long_before(self, now: datetime.datetime | None = None) -> bool:
        """Return whether ``now`` is before the eve of the lab's day, in the lab's time zone.

        Checking people in and marking the lab as held belong to its day: that long
        before, they are asked to be confirmed (a phone tapped by mistake, the wrong lab
        opened). From the day before the lab on, they are not.
        """
        today = (now or timezone.now()).astimezone(self.zone).date()
        return today < self.local_starts_at.date() - LAB_DAY_FROM


class AgendaItem(models.Model):
    audit_partner = "lab.partner_id"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    title = MultilingualField(_("title"), max_length=300, fallback_language=lab_partner_language)
    speaker = models.CharField(_("speaker or organisation"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    practices = models.ManyToManyField(
        "practices.GoodPractice",
        verbose_name=_("good practices presented"),
        through="AgendaPractice",
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["lab", "position", "starts_at", "id"]

    def __str__(self) -> str:
        return self.title.in_("en")


class AgendaPractice(models.Model):
    """A good practice presented in an item of a lab's agenda.

    The labs app keeps these links: the practice page learns of them through
    ``practices.appearances``, which the labs app answers (see ``labs.appearances``).
    """

    audit_partner = "item.lab.partner_id"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    practice = models.ForeignKey(
        "practices.GoodPractice", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("good practice presented")
        verbose_name_plural = _("good practices presented")
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "practice"], name="agenda_practice_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.practice_id}"


class ContactRole(models.TextChoices):
    RSVP = "rsvp", _("Takes the answers")
    MANAGER = "manager", _("Project manager")
    OTHER = "other", _("Contact")


class LabContact(models.Model):
    """Who to call or write to about a lab; the seed names one for RSVPs and a manager."""

    audit_partner = "lab.partner_id"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("role"), max_length=10, choices=ContactRole.choices)
    name = models.CharField(_("name"), max_length=150)
    function = MultilingualField(
        _("function"), max_length=150, blank=True, fallback_language=lab_partner_language
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["lab", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Response(models.TextChoices):
    PENDING = "pending", pgettext_lazy("stakeholder", "No answer yet")
    ATTENDING = "attending", pgettext_lazy("stakeholder", "Attending")
    DECLINED = "declined", pgettext_lazy("stakeholder", "Declined")
    WAITLISTED = "waitlisted", pgettext_lazy("stakeholder", "On the waiting list")
    SUBSTITUTED = "substituted", pgettext_lazy("stakeholder", "Suggested a colleague instead")


class ResponseVia(models.TextChoices):
    LINK = "link", _("Personal link")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    REGISTRATION = "form", _("Registration form")


class ConfirmationDue(models.TextChoices):
    """The e-mail an answer owes, until the worker has queued it."""

    NONE = "", _("Nothing")
    CONFIRMATION = "confirmation", _("Confirmation of the answer")
    PROMOTION = "promotion", _("A seat from the waiting list")


class Invitation(TimeStampedModel):
    """A personal invitation of one person to one lab, and their RSVP.

    The RSVP is the invitation's ``response``: pending until answered; attending,
    declined, waitlisted (in ``waitlisted_at`` order) or substituted by a colleague.
    The personal link is made from ``public_id`` and a key derived from ``SECRET_KEY``.
    """

    audit_partner = "lab.partner_id"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="invitations")
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder", on_delete=models.PROTECT, related_name="invitations"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.STAKEHOLDER_LANGUAGES)
    substitute_for = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="substitutes"
    )
    message = models.OneToOneField(
        "messaging.OutboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    response = models.CharField(
        _("answer"), max_length=12, choices=Response.choices, default=Response.PENDING
    )
    response_note = models.TextField(_("note"), blank=True)
    response_via = models.CharField(
        _("answered by"), max_length=10, choices=ResponseVia.choices, blank=True
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    # How many times the answer changed: each change gets its own confirmation e-mail.
    answer_count = models.PositiveIntegerField(default=0)
    # The e-mail owed for the latest answer ("confirmation" or "promotion"), composed and
    # queued by the worker (``labs.jobs``), which then empties the field.
    confirmation_due = models.CharField(
        max_length=12, choices=ConfirmationDue.choices, blank=True, editable=False
    )
    # The person's own revisions of the lab in their calendar, added to the lab's
    # ``sequence`` in every calendar file they get (``calendar.person_sequence``): raised
    # when a decline after attending removes the event (``is_calendar_cancelled``), and
    # when attending again brings it back.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    is_calendar_cancelled = models.BooleanField(default=False, editable=False)
    # The name a walk-in gave at the door when their e-mail address matched someone of
    # the directory: the door sees them by it, never by what the directory holds.
    name_at_door = models.CharField(_("name given at the door"), max_length=201, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["lab", "stakeholder__last_name", "stakeholder__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "stakeholder"], name="invite_once_per_lab")
        ]
        indexes = [
            models.Index(fields=["lab", "response", "waitlisted_at"]),
            models.Index(
                fields=["updated_at"],
                condition=~models.Q(confirmation_due=""),
                name="invitation_confirmation_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} → {self.lab.slug}"

    @property
    def written_language(self) -> str:
        """Return the language we write to this person in: theirs if we can, else the lab's
        partner's, else English (``languages.for_person``)."""
        return languages.for_person(
            self.language or self.stakeholder.language,
            partner_language=self.lab.partner.main_language,
        )

    @property
    def door_name(self) -> str:
        """Return the name the door knows the person by: the one given there, if any."""
        return self.name_at_door or self.stakeholder.full_name

    @property
    def door_organisation(self) -> str:
        """Return the organisation the door may show: none for a walk-in known by e-mail."""
        organisation = self.stakeholder.organisation
        return "" if self.name_at_door or organisation is None else organisation.name


class CheckIn(models.Model):
    """A person's arrival at a lab: at most one per invitation.

    The same person checked in twice, from two phones at the door, counts once: the
    one-to-one link refuses the second row. ``is_walk_in`` marks people who came without
    an invitation and were registered on the spot.
    """

    audit_partner = "invitation.lab.partner_id"

    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="checkin",
    )
    checked_in_at = models.DateTimeField(_("arrived"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    device = models.CharField(_("device"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_at", "-id"]

    def __str__(self) -> str:
        return f"{self.invitation} ✓"


class SuppressedAddress(models.Model):
    """An address a colleague nomination may never bring back: that of a person erased.

    Only a keyed digest of the address is kept (``labs.services.answer``), never the
    address: enough to recognise it when typed again, not to read it.
    """

    partner = models.ForeignKey("projects.Partner", on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("address not to be nominated")
        verbose_name_plural = _("addresses not to be nominated")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "digest"], name="suppressed_once_per_partner"
            )
        ]

    def __str__(self) -> str:
        return self.digest[:12]


class Segment(models.TextChoices):
    """Which of a lab's people a message to participants goes to."""

    INVITED = "invited", pgettext_lazy("segment", "Everyone invited or registered")
    ATTENDING = "attending", pgettext_lazy("segment", "Attending")
    WAITLISTED = "waitlisted", pgettext_lazy("segment", "On the waiting list")
    PENDING = "pending", pgettext_lazy("segment", "Not answered yet")
    DECLINED = "declined", pgettext_lazy("segment", "Declined")
    CHECKED_IN = "checked_in", pgettext_lazy("segment", "Checked in")
    NO_SHOW = "no_show", pgettext_lazy("segment", "Expected but not checked in")


class LabMessage(models.Model):
    """A message staff wrote once, in the lab's languages, to a segment of its people.

    ``recipients`` are the invitations the segment held when it was sent; each person gets
    it in their language through the outbox, under the key ``lab-message:<id>:<invitation>``.
    ``token`` comes with the form that wrote it, so sending it twice sends it once.
    """

    audit_partner = "lab.partner_id"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="messages")
    segment = models.CharField(_("to"), max_length=12, choices=Segment.choices)
    subject = MultilingualField(
        _("subject"), max_length=300, fallback_language=lab_partner_language
    )
    body = MultilingualField(_("text"), max_length=20000, fallback_language=lab_partner_language)
    recipients = models.ManyToManyField(Invitation, related_name="lab_messages", blank=True)
    token = models.UUIDField(unique=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    # When the worker queued its e-mails; until then none is in the outbox.
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return str(self.subject.in_(self.lab.partner.main_language))

    def get_absolute_url(self) -> str:
        return reverse("labs:message", kwargs={"slug": self.lab.slug, "pk": self.pk})


class RegistrationState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail address not confirmed yet")
    AWAITING_APPROVAL = "awaiting", _("Awaiting approval")
    REGISTERED = "registered", _("Registered")
    DECLINED = "declined", _("Not accepted")


class Registration(models.Model):
    """Someone's registration through an open lab's public page.

    It holds no seat until the person confirms their e-mail address through the link
    sent to it (valid for a day) and, at a lab with approval, staff accept it. Then the
    person is found in (or added to) the partner's group, and the registration becomes
    their invitation, answered "attending": the seat, or a place on the waiting list, is
    taken exactly as an invited person's answer takes it. The details typed are kept here
    only until then; afterwards they live in the person's record alone.
    """

    audit_partner = "lab.partner_id"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="registrations")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=RegistrationState.choices,
        default=RegistrationState.UNCONFIRMED,
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_type = models.CharField(_("type of organisation"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.STAKEHOLDER_LANGUAGES)
    # The consent purposes the person ticked, recorded in their ledger on confirmation.
    consents = models.JSONField(default=list, blank=True)
    # The answers to the lab's registration questions (question pk → value), kept here
    # until the registration becomes an invitation, which keeps them from then on.
    answers = models.JSONField(default=dict, blank=True)
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="registration"
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        name = self.stakeholder.full_name if self.stakeholder else self.full_name
        return f"{name} → {self.lab.slug}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class QuestionPurpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    FEEDBACK = "feedback", _("Feedback survey")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    ONE_CHOICE = "one_choice", _("One choice")
    SEVERAL_CHOICES = "several_choices", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")


# The kinds whose answers are picked from the question's choices.
CHOICE_KINDS = (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES)


class QuestionChoice:
    """One choice of a question: a key that never changes, its text in several languages,
    and whether it is archived (no longer offered, kept for the answers that chose it)."""

    def __init__(self, *, key: str, text: Multilingual, is_archived: bool = False) -> None:
        self.key, self.text, self.is_archived = key, text, is_archived

    def __repr__(self) -> str:
        return f"QuestionChoice({self.key!r})"

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "text": dict(self.text), "is_archived": self.is_archived}


class Question(models.Model):
    """A question staff ask people of a lab: when they register, or in the feedback survey.

    ``choices`` (for the choice kinds) is a list of ``{"key", "text", "is_archived"}``: the
    key of a choice stays the same when its text changes, so answers keep their meaning; a
    choice somebody chose is archived rather than removed. A question somebody answered is
    archived rather than deleted: it is no longer asked, its answers stay.
    """

    audit_partner = "lab.partner_id"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="questions")
    purpose = models.CharField(
        _("asked"),
        max_length=12,
        choices=QuestionPurpose.choices,
        default=QuestionPurpose.REGISTRATION,
    )
    kind = models.CharField(_("kind of answer"), max_length=16, choices=QuestionKind.choices)
    text = MultilingualField(_("question"), max_length=300, fallback_language=lab_partner_language)
    help_text = MultilingualField(
        _("help text"), max_length=1000, blank=True, fallback_language=lab_partner_language
    )
    choices = models.JSONField(_("choices"), default=list, blank=True)
    is_required = models.BooleanField(_("an answer is required"), default=False)
    is_archived = models.BooleanField(_("no longer asked"), default=False)
    # The ready-made question it was added from ("dietary"), if any.
    standard = models.CharField(max_length=20, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["lab", "purpose", "position", "id"]

    def __str__(self) -> str:
        return self.text.in_("en")

    @property
    def options(self) -> list[QuestionChoice]:
        """Return every choice, archived ones too, in their order."""
        return [
            QuestionChoice(
                key=str(choice["key"]),
                text=Multilingual(choice.get("text") or {}),
                is_archived=bool(choice.get("is_archived")),
            )
            for choice in self.choices or []
        ]

    @property
    def offered(self) -> list[QuestionChoice]:
        """Return the choices a person may pick: those not archived."""
        return [choice for choice in self.options if not choice.is_archived]

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS


class QuestionAnswer(models.Model):
    """A person's answer to a registration question of a lab, kept with their invitation.

    ``value`` is as the kind has it: a text, a choice's key, a list of keys, true or
    false, a number written as text ("12.5"), a date as ``YYYY-MM-DD``.
    """

    audit_partner = "invitation.lab.partner_id"

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="question_answers"
    )
    value = models.JSONField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        ordering = ["invitation", "question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "invitation"], name="question_answered_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.question_id}"


def answer_text(question: Question, value: Any, language: str) -> str:
    """Return an answer to ``question`` as people read it, in ``language``: a choice by its
    text (an archived one too), yes or no, a date as ``YYYY-MM-DD``; nothing as ``""``."""
    if value is None or value == "" or value == []:
        return ""
    if question.kind == QuestionKind.YES_NO:
        return str(
            pgettext_lazy("stakeholder", "Yes")
            if value is True
            else pgettext_lazy("stakeholder", "No")
        )
    if question.has_choices:
        texts = {choice.key: choice.text.in_(language) for choice in question.options}
        keys = value if isinstance(value, list) else [value]
        return "; ".join(str(texts.get(str(key), key)) for key in keys)
    return str(value)
