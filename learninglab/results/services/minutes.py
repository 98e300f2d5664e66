"""Record a lab's minutes, and publish or withdraw its results; every change is audited."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_changes, audit_record, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.labs.models import Lab, LabStatus
from learninglab.results.models import Minutes

MINUTES_FIELDS = ("summary", "decisions")


def require_took_place(lab: Lab, *, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    if lab.status in (LabStatus.DRAFT, LabStatus.CANCELLED):
        raise DomainError("no_results", _("Only a lab that took place has results."))
    if lab.starts_at > now:
        raise DomainError("not_started", _("Results can be recorded once the lab has started."))


def _texts(texts: dict[str, str]) -> dict[str, str]:
    """Return the non-empty texts, trimmed, in a stable order of languages."""
    return {code: text.strip() for code, text in sorted(texts.items()) if (text or "").strip()}


@transaction.atomic
def minutes_save(
    *,
    actor: Actor,
    lab: Lab,
    summary: dict[str, str],
    decisions: dict[str, str],
    via: str = Via.WEB,
) -> Minutes:
    """Write the lab's minutes (summary and decisions, per language); return them.

    Published minutes may still be corrected: the public page shows the correction.
    Saving the same texts again writes no audit entry.
    """
    require_took_place(lab)
    minutes, _created = Minutes.objects.select_for_update().get_or_create(lab=lab)
    before = snapshot(minutes, MINUTES_FIELDS)
    minutes.summary, minutes.decisions = _texts(summary), _texts(decisions)
    if snapshot(minutes, MINUTES_FIELDS) == before:
        return minutes
    minutes.save()
    audit_changes(actor=actor, action="results.minutes.saved", obj=minutes, before=before, via=via)
    return minutes


@transaction.atomic
def results_publish(
    *, actor: Actor, lab: Lab, via: str = Via.WEB, now: datetime.datetime | None = None
) -> Minutes:
    """Publish the lab's results: minutes, public files, live-session ideas, attendance.

    The lab must be over (at ``now``, by default the present) and its minutes must have a
    summary.
    """
    now = now or timezone.now()
    require_took_place(lab)
    if lab.ends_at > now:
        raise DomainError("not_over", _("Results can be published once the lab is over."))
    minutes = Minutes.objects.select_for_update().filter(lab=lab).first()
    if minutes is None or not minutes.summary:
        raise DomainError("no_summary", _("Write the summary of the minutes before publishing."))
    if minutes.is_published:
        raise DomainError("published", _("The results are already published."))
    minutes.published_at = now
    minutes.published_by = acting_user(actor)
    minutes.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_record(actor=actor, action="results.published", obj=minutes, via=via)
    return minutes


@transaction.atomic
def results_withdraw(*, actor: Actor, lab: Lab, via: str = Via.WEB) -> Minutes:
    """Take the lab's results off the public site (they can be published again)."""
    minutes = Minutes.objects.select_for_update().filter(lab=lab).first()
    if minutes is None or not minutes.is_published:
        raise DomainError("not_published", _("The results are not published."))
    minutes.published_at = None
    minutes.published_by = None
    minutes.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_record(actor=actor, action="results.withdrawn", obj=minutes, via=via)
    return minutes
