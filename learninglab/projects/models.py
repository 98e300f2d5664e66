"""A cooperation project, its partners, and the policy instrument each partner addresses."""

from __future__ import annotations

import secrets
import zoneinfo
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from learninglab.core.models import TimeStampedModel
from learninglab.core.multilingual import MultilingualField


def validate_time_zone(value: str) -> None:
    """Accept only IANA time zone names such as ``Europe/Bucharest``."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("%(value)s is not a time zone name such as Europe/Bucharest."),
            params={"value": value},
        ) from exc


class Project(TimeStampedModel):
    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    programme = models.CharField(_("programme"), max_length=200)
    code = models.CharField(_("code"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["acronym"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.acronym


def _main_language(partner: Partner) -> str:
    return partner.main_language


class Partner(TimeStampedModel):
    """A partner of a project. Its institution's name is written in its languages
    ("Municipiul Timișoara", "Municipality of Timișoara"); the city's name is the same
    in all of them, so it stays one text.
    """

    audit_partner = "pk"

    class PartnerRole(models.TextChoices):
        LEAD = "lead", _("Lead partner")
        PARTNER = "partner", _("Partner")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="partners"
    )
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    institution = MultilingualField(
        _("institution"), max_length=200, fallback_language=_main_language
    )
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO code, e.g. RO."))
    role = models.CharField(
        _("role"), max_length=10, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    ecoc_year = models.PositiveSmallIntegerField(_("ECoC year"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", validators=[validate_time_zone]
    )
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("Language codes, the first is the main one.")
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["project", "-role", "city"]

    def __str__(self) -> str:
        return f"{self.city} — {self.institution}"

    @property
    def main_language(self) -> str:
        return self.languages[0] if self.languages else "en"


class LogoKind(models.TextChoices):
    PROJECT = "project", _("Project logo")
    PROGRAMME = "programme", _("Programme logo")


class LogoType(models.TextChoices):
    PNG = "image/png", "PNG"
    SVG = "image/svg+xml", "SVG"


def logo_path(instance: Logo, filename: str) -> str:
    # A random name: the address of a logo tells nothing and leads to no other file.
    return f"logos/{secrets.token_hex(16)}{PurePath(filename).suffix.lower()}"


class Logo(TimeStampedModel):
    """The project's or its programme's logo, shown on the public pages, the e-mails and
    the printed documents.

    ``image`` is the checked file as uploaded (PNG or SVG, cleaned; see ``logos``), served
    on the pages; ``rendition`` is a PNG of it, for the printed documents and the e-mails.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="logos"
    )
    kind = models.CharField(_("logo"), max_length=10, choices=LogoKind.choices)
    image = models.FileField(_("image"), upload_to=logo_path, max_length=200)
    content_type = models.CharField(_("type"), max_length=20, choices=LogoType.choices)
    rendition = models.FileField(_("rendition"), upload_to=logo_path, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    original_name = models.CharField(_("file name"), max_length=200)

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logos")
        ordering = ["project", "-kind"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="projects_one_logo_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("projects:logo", args=[PurePath(str(self.image.name)).name])

    @property
    def is_svg(self) -> bool:
        return self.content_type == LogoType.SVG

    @property
    def owner_name(self) -> str:
        """Return whose logo it is: the project's acronym or the programme's name."""
        return self.project.acronym if self.kind == LogoKind.PROJECT else self.project.programme


class InstrumentKind(models.TextChoices):
    """The kinds of policy instrument an Interreg Europe action plan may address."""

    GROWTH_AND_JOBS = "growth_jobs", _("Investment for Growth and Jobs programme")
    TERRITORIAL_COOPERATION = "etc", _("European Territorial Cooperation programme")
    OTHER = "other", _("Other regional development policy instrument")


class PolicyInstrument(TimeStampedModel):
    """A policy instrument a partner means to improve; its action plan says how."""

    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="policy_instruments",
    )
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(
        _("short name"), max_length=60, help_text=_("Used in commands, e.g. rop-west.")
    )
    kind = models.CharField(
        _("kind of instrument"),
        max_length=12,
        choices=InstrumentKind.choices,
        default=InstrumentKind.GROWTH_AND_JOBS,
    )
    managing_authority = models.CharField(_("managing authority"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("policy instrument")
        verbose_name_plural = _("policy instruments")
        ordering = ["partner", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "slug"], name="projects_instrument_slug_per_partner"
            )
        ]

    def __str__(self) -> str:
        return self.name
