"""The one permission layer: who may see and do what.

Each app registers its rules in its ``rules.py`` under dotted names
(``stakeholders.change``). Views, commands and services ask this module, never the
user's role directly:

* ``has_perm(user, "stakeholders.change", obj)`` answers yes or no;
* ``scope(user, "stakeholders.view", queryset)`` narrows a queryset to what the user may see;
* ``require(user, ...)`` raises ``PermissionDenied``;
* the ``permission_required`` decorator guards a view.

Django's ``user.has_perm`` goes through the same rules (``RulesBackend``), and the
coordinator holds every model permission of the admin.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from learninglab.core.roles import Role


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def role_of(user: Any) -> str | None:
    """Return the role ``user`` acts in; ``None`` for a visitor or an inactive account."""
    return _role(user)


@dataclass(frozen=True)
class Rule:
    """Who may use a permission.

    ``everywhere``: roles allowed on every object. ``own_partner``: roles allowed on objects
    of their own partner, found through ``partner_path`` (``"partner"`` or
    ``"stakeholder__partner"``). Any other role is refused. ``condition(user, obj)``, when
    given, must also hold.
    """

    everywhere: frozenset[str] = frozenset()
    own_partner: frozenset[str] = frozenset()
    partner_path: str = "partner"
    condition: Callable[[Any, Any], bool] | None = field(default=None)

    def allows(self, user: Any, obj: Any = None) -> bool:
        role = _role(user)
        if role is None:
            return False
        if role in self.everywhere:
            allowed = True
        elif role in self.own_partner and user.partner_id is not None:
            allowed = obj is None or self._partner_id(obj) == user.partner_id
        else:
            allowed = False
        return allowed and (self.condition is None or self.condition(user, obj))

    def scope(self, user: Any, queryset: QuerySet) -> QuerySet:
        role = _role(user)
        if role in self.everywhere:
            return queryset
        if role in self.own_partner and user.partner_id is not None:
            return queryset.filter(Q(**{f"{self.partner_path}_id": user.partner_id}))
        return queryset.none()

    def _partner_id(self, obj: Any) -> int | None:
        target = obj
        *path, last = self.partner_path.split("__")
        for step in path:
            target = getattr(target, step)
        return getattr(target, f"{last}_id")


STAFF = frozenset({Role.COORDINATOR})
PARTNER = frozenset({Role.PARTNER_STAFF})
FACILITATOR = frozenset({Role.FACILITATOR})

_rules: dict[str, Rule] = {}


def register(codename: str, rule: Rule) -> None:
    """Register ``rule`` under ``codename``; each codename is registered once."""
    if codename in _rules and _rules[codename] != rule:
        raise ValueError(f"Permission {codename!r} is already registered.")
    _rules[codename] = rule


def registered() -> dict[str, Rule]:
    """Return every registered permission (for the permission matrix and the docs)."""
    return dict(_rules)


def _rule(codename: str) -> Rule:
    try:
        return _rules[codename]
    except KeyError:
        raise LookupError(f"Unknown permission {codename!r}.") from None


def has_perm(user: Any, codename: str, obj: Any = None) -> bool:
    """Return whether ``user`` may use ``codename`` (on ``obj``, when given)."""
    return _rule(codename).allows(user, obj)


def require(user: Any, codename: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may use ``codename`` on ``obj``."""
    if not has_perm(user, codename, obj):
        raise PermissionDenied(codename)


def scope(user: Any, codename: str, queryset: QuerySet) -> QuerySet:
    """Return ``queryset`` narrowed to the objects ``user`` may use ``codename`` on."""
    return _rule(codename).scope(user, queryset)


def permission_required(codename: str) -> Callable:
    """Guard a view: anonymous users go to the login page, others need ``codename``.

    (Staff with two-factor authentication are only logged in once they passed it.)
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(user, codename)
            return view(request, *args, **kwargs)

        wrapped.permission = codename  # type: ignore[attr-defined]
        return wrapped

    return decorator


class RulesBackend:
    """Make ``user.has_perm`` answer from the registered rules.

    The coordinator also holds every Django model permission, which opens the admin to them.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        return None

    def has_perm(self, user: Any, perm: str, obj: Model | None = None) -> bool:
        if perm in _rules:
            return has_perm(user, perm, obj)
        return _role(user) == Role.COORDINATOR

    def has_module_perms(self, user: Any, app_label: str) -> bool:
        return _role(user) == Role.COORDINATOR
