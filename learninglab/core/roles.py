"""The roles a staff account can have; what each may do is decided in ``permissions``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    FACILITATOR = "facilitator", _("Facilitator")
