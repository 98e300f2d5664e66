"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from learninglab.core import languages
from learninglab.core.permissions import has_perm

# (label, url name, permission) of the main navigation, in order.
NAVIGATION = [
    (_("Home"), "core:home", None),
    (_("Stakeholders"), "stakeholders:list", "stakeholders.view"),
    (_("Labs"), "labs:list", "labs.view"),
    (_("Good practices"), "practices:staff_list", "practices.view"),
    (_("Action plans"), "actionplans:plans", "actionplans.view"),
    (_("Indicators"), "indicators:dashboard", "indicators.view"),
    (_("Import"), "stakeholders:import", "stakeholders.import"),
    (_("Outbox"), "messaging:outbox", "messaging.outbox.view"),
    (_("Webhooks"), "webhooks:list", "webhooks.manage"),
    (_("Audit log"), "core:audit", "core.audit.view"),
    (_("Project"), "projects:settings", "projects.change"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the navigation entries the current user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    entries = []
    for label, url_name, perm in NAVIGATION:
        if perm is None or has_perm(user, perm):
            try:
                url = reverse(url_name)
            except NoReverseMatch:  # a page this installation's URL conf does not have
                continue
            entries.append({"label": label, "url": url, "current": request.path == url})
    return {"navigation": entries}


def stakeholder_languages(request: HttpRequest) -> dict[str, Any]:
    """Offer the languages we write to stakeholders in, for the switch of their pages.

    A page for stakeholders puts its ``language`` in the context; its switch then reloads
    it with ``?lang=``, where the staff pages' switch changes the interface language.
    """
    return {"stakeholder_languages": languages.written}
