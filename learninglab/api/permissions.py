"""What a token's scope allows. What the owner may see and change is the permission
layer's business (``core.permissions``), asked by each view through the selectors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from learninglab.accounts.models import ApiToken
from learninglab.core.permissions import require


class TokenScope(BasePermission):
    """A read token reads; writing needs a write token (or a signed-in browser)."""

    message = _("This token may only read. Make a token with write access to change data.")
    code = "read_only_token"

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS or not isinstance(request.auth, ApiToken):
            return True
        return request.auth.may_write


class SignedIn(BasePermission):
    """A staff account, by token or session; anyone else gets 401."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)


class StaffView:
    """An endpoint for staff accounts (mixed into a view): ``permission`` is required of
    the caller before anything is looked up, 403 for a role without it, as the pages'
    ``permission_required`` does; the selectors then narrow what they find to the caller's
    (another partner's object: 404). The permission matrix reads ``permission``."""

    permission_classes = [SignedIn, TokenScope]
    permission = ""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        require(request.user, self.permission)
