"""Organisations and people of a partner's stakeholder group, and their consent ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.core import collation
from learninglab.core.models import TimeStampedModel


class Helix(models.TextChoices):
    """The quadruple helix of regional innovation."""

    GOVERNMENT = "government", pgettext_lazy("stakeholder", "Public authorities")
    INDUSTRY = "industry", pgettext_lazy("stakeholder", "Business")
    ACADEMIA = "academia", pgettext_lazy("stakeholder", "Knowledge institutions")
    CIVIL_SOCIETY = "civil_society", pgettext_lazy("stakeholder", "Civil society")
    OTHER = "other", pgettext_lazy("stakeholder", "Other")


class OrganisationType(models.TextChoices):
    SME = "sme", pgettext_lazy("stakeholder", "SME")
    CULTURAL = "cultural", pgettext_lazy("stakeholder", "Cultural or creative organisation")
    PUBLIC_AUTHORITY = "public_authority", pgettext_lazy("stakeholder", "Public authority")
    UNIVERSITY = "university", pgettext_lazy("stakeholder", "University or research")
    BUSINESS_SUPPORT = (
        "business_support",
        pgettext_lazy("stakeholder", "Business support or chamber"),
    )
    NGO = "ngo", pgettext_lazy("stakeholder", "NGO")
    ECOC_BODY = "ecoc_body", pgettext_lazy("stakeholder", "ECoC body")
    OTHER = "other", pgettext_lazy("stakeholder", "Other")


# Cultural and creative bodies count as civil society, ECoC bodies as public authorities:
# both are how the programme's own reports classify them.
HELIX_OF_TYPE: dict[str, str] = {
    OrganisationType.SME: Helix.INDUSTRY,
    OrganisationType.BUSINESS_SUPPORT: Helix.INDUSTRY,
    OrganisationType.PUBLIC_AUTHORITY: Helix.GOVERNMENT,
    OrganisationType.ECOC_BODY: Helix.GOVERNMENT,
    OrganisationType.UNIVERSITY: Helix.ACADEMIA,
    OrganisationType.CULTURAL: Helix.CIVIL_SOCIETY,
    OrganisationType.NGO: Helix.CIVIL_SOCIETY,
    OrganisationType.OTHER: Helix.OTHER,
}


class Organisation(TimeStampedModel):
    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    type = models.CharField(
        _("type"), max_length=20, choices=OrganisationType.choices, default=OrganisationType.OTHER
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "name_folded"], name="organisation_name_unique_per_partner"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def helix(self) -> str:
        return HELIX_OF_TYPE[self.type]

    def get_helix_display(self) -> str:
        return str(Helix(self.helix).label)


class Tag(models.Model):
    """A segment of the stakeholder group, such as "creative industries" or "Round 1"."""

    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="tags",
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "name"], name="tag_unique_per_partner")
        ]

    def __str__(self) -> str:
        return self.name


class Stakeholder(TimeStampedModel):
    """A person in a partner's stakeholder group."""

    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="stakeholders",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Stored trimmed and in lower case; unique within the partner's group.
    email = models.EmailField(_("e-mail"), blank=True)
    # Stored in E.164 (+40731540977).
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    position = models.CharField(_("role in the organisation"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.STAKEHOLDER_LANGUAGES,
        default="en",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="people")
    notes = models.TextField(_("notes"), blank=True)
    # Name, e-mail and organisation without diacritics and in lower case, for search.
    search_text = models.CharField(max_length=600, editable=False, blank=True, db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    # The newest entry of the consent ledger about invitations (None: never asked), kept
    # by ``consent_states_refresh`` so that lists show and filter it without the ledger.
    invitation_consent = models.BooleanField(_("Consent to invitations"), null=True, editable=False)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "email"],
                condition=~models.Q(email=""),
                name="stakeholder_email_unique_per_partner",
            )
        ]
        indexes = [
            models.Index(fields=["partner", "last_name", "first_name"]),
            # The group's count, its spread over the helix and the consent filter's count,
            # without reading its rows.
            models.Index(
                fields=["partner", "organisation", "invitation_consent"],
                condition=models.Q(erased_at__isnull=True),
                name="stakeholder_group_organisation",
            ),
            # A group's list in its alphabet (``selectors.people_order``) reads its page
            # from one of these, however deep, instead of sorting the whole group; the
            # erased are left out of lists, and so of these.
            *(
                models.Index(
                    models.F("partner"),
                    collation.collated("last_name", language),
                    collation.collated("first_name", language),
                    models.F("id"),
                    name=f"stakeholder_name_{language}",
                    condition=models.Q(erased_at__isnull=True),
                )
                for language in collation.LANGUAGES
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ConsentPurpose(models.TextChoices):
    INVITATIONS = "invitations", _("Invitations to labs")
    PHOTOS = "photos", _("Photos")
    PUBLIC_LISTING = "public_listing", _("Public listing")


class ConsentMethod(models.TextChoices):
    FORM = "form", _("Signed form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    WEB = "web", _("Web page")
    IMPORT = "import", _("Imported list")
    UNSUBSCRIBE = "unsubscribe", _("Unsubscribe link")


class Consent(models.Model):
    """One entry of a person's consent ledger: never changed, only followed by newer ones."""

    audit_partner = "stakeholder.partner_id"

    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("given"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    text_version = models.CharField(_("text version"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consent ledger")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["stakeholder", "purpose", "-at"])]

    def __str__(self) -> str:
        state = _("given") if self.given else _("withdrawn")
        return f"{self.get_purpose_display()}: {state}"


class ImportBatch(TimeStampedModel):
    """An uploaded spreadsheet's rows, kept between its preview and its commit.

    ``table`` holds the parsed cells of the columns the import reads (never the file), until
    the batch is committed or expires; then only ``summary`` (its counts) is kept.
    """

    partner = models.ForeignKey(
        "projects.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    # The rows below the header, only the columns read (``importing.parsed.ParsedFile``).
    table = models.JSONField(default=dict, blank=True)
    # Header mapping and encoding chosen by the user: {"mapping": {...}, "encoding": "..."}.
    options = models.JSONField(default=dict, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # When the rows of a batch never committed were deleted.
    expired_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
