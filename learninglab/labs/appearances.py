"""The labs where a good practice was presented, for the practice's pages.

Registered with ``practices.appearances`` when the app is ready: the practices app cannot
import labs, so it asks its registry, and this answers from the labs' agendas.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from learninglab.core.permissions import has_perm, scope
from learninglab.labs.models import Lab, LabStatus
from learninglab.practices.appearances import Appearance

# Labs the public sees on a practice page: announced or held, not drafts or cancelled.
PUBLIC_STATUSES = (LabStatus.PUBLISHED, LabStatus.HELD)


def labs_presenting(practice: Any, user: Any = None) -> list[Appearance]:
    """Return the labs whose agenda presents ``practice`` that ``user`` may see.

    Everyone (``user`` None for the public) sees the published and held labs, linked to
    their public page; staff also see the labs they manage (their own partner's, all of
    them for the coordinator) in any status but cancelled, linked to the lab's staff page.
    """
    managed = scope(user, "labs.view", Lab.objects.all()).exclude(status=LabStatus.CANCELLED)
    labs = (
        Lab.objects.filter(agenda__practices=practice)
        .filter(Q(status__in=PUBLIC_STATUSES) | Q(pk__in=managed.values("pk")))
        .select_related("partner")
        .distinct()
        .order_by("-starts_at")
    )
    found = []
    for lab in labs:
        is_managed = user is not None and has_perm(user, "labs.view", lab)
        found.append(
            Appearance(
                kind=str(lab.get_kind_display()),
                title=f"{lab.heading} — {lab.theme}",
                url=lab.get_absolute_url() if is_managed else lab.get_public_url(),
                date=lab.local_starts_at.date(),
                partner=lab.partner,
            )
        )
    return found
