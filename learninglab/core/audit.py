"""Write the audit log. Every service that changes data calls ``audit_record``."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from learninglab.core import events
from learninglab.core.models import AuditEntry, Via
from learninglab.core.text import redact_words

if TYPE_CHECKING:  # core comes before accounts: the user model is named for the types only
    from learninglab.accounts.models import User

# Who acts through a service: a signed-in user, an anonymous visitor, or the system (None).
Actor: TypeAlias = "User | AnonymousUser | None"


def acting_user(actor: Actor) -> User | None:
    """Return ``actor`` if it is a signed-in user, else ``None`` (for "by whom" columns)."""
    return actor if actor is not None and actor.is_authenticated else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the named field values of ``obj`` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = _jsonable(getattr(obj, attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Return only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def partner_of(obj: models.Model | None) -> int | None:
    """Return the id of the partner whose history ``obj`` belongs to (``None``: the project's).

    A model with a ``partner`` field belongs to that partner. Any other model names the way
    to its partner's id in ``audit_partner``, a dotted path of attributes such as
    ``"lab.partner_id"``; a model with neither belongs to the whole project.
    """
    if obj is None:
        return None
    path = getattr(type(obj), "audit_partner", None)
    if path is None:
        return getattr(obj, "partner_id", None)
    value: Any = obj
    for name in path.split("."):
        value = getattr(value, name)
        if value is None:
            return None
    return int(value)


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    via: str = Via.WEB,
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    ``actor`` is the user who acted (``None`` for the system). ``action`` is a dotted code
    such as ``stakeholders.stakeholder.updated``. The entry belongs to the partner of
    ``obj`` (``partner_of``), so that partner staff see their own history only. Apps that
    listen to ``action`` hear of it once the transaction commits (``core.events``).
    """
    changes: dict[str, Any] = {}
    if before is not None:
        changes["before"] = _jsonable(before)
    if after is not None:
        changes["after"] = _jsonable(after)
    if extra:
        changes["extra"] = _jsonable(extra)
    entry = AuditEntry.objects.create(
        actor=acting_user(actor),
        action=action,
        via=via,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        partner_id=partner_of(obj),
        changes=changes,
    )
    if events.is_wanted(action):
        events.announce(
            events.Event(
                action=action,
                content_type_id=entry.content_type_id,
                object_id=entry.object_id,
                partner_id=entry.partner_id,
                at=entry.at,
                changes=changes,
            )
        )
    return entry


def audit_record_each(
    *,
    actor: Actor,
    action: str,
    objects: Iterable[models.Model],
    via: str = Via.WEB,
    extra: dict[str, Any] | None = None,
) -> int:
    """Append one entry per object of ``objects``, all alike but for the object, as
    ``audit_record`` would, written a few hundred at a time; return how many."""
    changes = {"extra": _jsonable(extra)} if extra else {}
    user = acting_user(actor)
    entries = [
        AuditEntry(
            actor=user,
            action=action,
            via=via,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            partner_id=partner_of(obj),
            changes=changes,
        )
        for obj in objects
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def audit_changes(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any],
    after: dict[str, Any] | None = None,
    via: str = Via.WEB,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Record the fields of ``obj`` that changed since ``before``; return their new values.

    ``before`` is a ``snapshot`` taken before the change; ``after`` is the state now, by
    default a snapshot of ``obj`` over the same fields. Only the values that differ are
    written, and nothing at all when none does (the result is then empty).
    """
    if after is None:
        after = snapshot(obj, before)
    old, new = diff(before, after)
    if new:
        audit_record(
            actor=actor, action=action, obj=obj, before=old, after=new, via=via, extra=extra
        )
    return new


def audit_redact(*, obj: models.Model, merged_action: str, replacement: str) -> int:
    """Blank the audit entries about ``obj`` and about everything once merged into it.

    Entries recorded as ``merged_action`` name the merged object's id in
    ``extra.merged_id``; those objects' entries are followed too, however deep the
    merges went. Each entry keeps its action, actor and time, its description becomes
    ``replacement`` and its changes ``{"redacted": True}``. Return how many were blanked.
    """
    content_type = ContentType.objects.get_for_model(obj)
    about = AuditEntry.objects.filter(content_type=content_type)
    ids: set[str] = set()
    pending = {str(obj.pk)}
    while pending:  # a duplicate may itself have absorbed duplicates before
        ids |= pending
        merges = about.filter(object_id__in=pending, action=merged_action).values_list(
            "changes", flat=True
        )
        merged_ids = {str((c.get("extra") or {}).get("merged_id")) for c in merges}
        pending = merged_ids - ids - {"None"}
    return about.filter(object_id__in=ids).update(
        object_repr=replacement, changes={"redacted": True}
    )


def audit_scrub(
    *,
    model: type[models.Model],
    object_ids: Iterable[Any],
    values: Iterable[str],
    replacement: str,
) -> int:
    """Replace ``values`` (a person's name, address, phone) in the entries about some objects.

    The entries about the ``model`` objects ``object_ids`` keep their action, actor, time
    and every other value: only the text of ``values``, in any case, becomes
    ``replacement`` in their description and in the strings of their changes. Used when a
    person is erased, for the entries about rows that stay (an invitation: "Name → lab").
    Return how many entries changed.
    """
    words = [v for v in values if v and v.strip()]
    ids = [str(pk) for pk in object_ids]
    if not words or not ids:
        return 0
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).only("object_repr", "changes")
    changed = []
    for entry in entries:
        repr_ = redact_words(entry.object_repr, words, replacement)
        changes = redact_words(entry.changes, words, replacement)
        if (repr_, changes) != (entry.object_repr, entry.changes):
            entry.object_repr, entry.changes = repr_, changes
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["object_repr", "changes"], batch_size=500)
    return len(changed)


def audit_history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """Return the audit entries about ``obj``, newest first, with their actors."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def audit_history_of(objects: Iterable[models.Model]) -> models.QuerySet[AuditEntry]:
    """Return the audit entries about any of ``objects``, newest first, with their actors."""
    ids: dict[int, list[str]] = {}
    for obj in objects:
        ids.setdefault(ContentType.objects.get_for_model(obj).pk, []).append(str(obj.pk))
    about = models.Q(pk__in=[])
    for content_type_id, object_ids in ids.items():
        about |= models.Q(content_type_id=content_type_id, object_id__in=object_ids)
    return AuditEntry.objects.filter(about).select_related("actor")
