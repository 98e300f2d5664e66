"""Log in (password, then the second factor or its set-up), log out, and two-factor set-up."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import BACKEND_SESSION_KEY, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from learninglab.accounts import services
from learninglab.accounts.backoff import (
    login_backoff_clear,
    login_failure_record,
    login_wait_seconds,
)
from learninglab.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    PasswordConfirmForm,
    TokenForm,
    lockout_username,
)
from learninglab.accounts.known_browser import known_browser_of, known_browser_remember
from learninglab.accounts.models import User
from learninglab.accounts.selectors import account_pk_for, active_user
from learninglab.accounts.tokens import (
    api_token_create,
    api_token_of,
    api_token_revoke,
    api_tokens_of,
)
from learninglab.core.errors import DomainError
from learninglab.core.forms import posted
from learninglab.core.qr import qr_svg

PENDING_USER = "accounts_pending_user"
PENDING_BACKEND = "accounts_pending_backend"
CODES_PREFIX = "codes"  # the security page's second password field
DEFAULT_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _staff(request: HttpRequest) -> User:
    """Return the logged-in staff account (the views using it require a login)."""
    assert isinstance(request.user, User)
    return request.user


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _pending_user(request: HttpRequest) -> User | None:
    """Return the account whose password this session gave, waiting for its second factor."""
    pending = request.session.get(PENDING_USER)
    return active_user(pending) if pending else None


def _await_second_factor(
    request: HttpRequest, user: User, *, backend: str, to: str
) -> HttpResponse:
    """Remember that ``user`` gave their password; send them to the second step ``to``."""
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_BACKEND] = backend
    query = urlencode({"next": _next_url(request)})
    return redirect(f"{reverse(to)}?{query}")


def _log_in(request: HttpRequest, user: User, *, backend: str, device: Device | None) -> None:
    """Log ``user`` in, verified by ``device`` (None: a password-only login, where allowed)."""
    request.session.pop(PENDING_USER, None)
    request.session.pop(PENDING_BACKEND, None)
    login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    login_backoff_clear(username=user.email)


def _completed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    known_browser_remember(response, user_pk=user.pk)
    return response


def _wait_seconds(request: HttpRequest, username: str) -> int:
    """Return how long this try must wait; a browser that logged in to the account never waits."""
    seconds = login_wait_seconds(username=username) if username else 0
    known = known_browser_of(request) if seconds else None
    if known is not None and known == account_pk_for(username):
        return 0
    return seconds


@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    context: dict[str, Any] = {"next": _next_url(request)}
    username = lockout_username(request) if request.method == "POST" else ""
    wait = _wait_seconds(request, username)
    if wait:
        # The password is not looked at, so the wait tells a guesser nothing.
        context["form"] = LoginForm(request, initial={"username": request.POST.get("username")})
        context["wait_seconds"] = wait
        return render(request, "accounts/login.html", context, status=429)
    form = LoginForm(request, data=posted(request))
    if request.method == "POST":
        if form.is_valid():
            return _after_password(request, form.get_user())
        # A client the lockout stopped had no password checked: that is not a wrong one.
        locked_out = getattr(request, "axes_locked_out", False)
        if form.has_error(NON_FIELD_ERRORS, "invalid_login") and not locked_out:
            login_failure_record(username=username)
    context["form"] = form
    return render(request, "accounts/login.html", context)


def _after_password(request: HttpRequest, user: User) -> HttpResponse:
    """Ask for the second factor, or for setting one up; log in on a password alone only
    where two-factor authentication is not required and the user has not set it up."""
    backend = user.backend
    if services.has_second_factor(user):
        return _await_second_factor(request, user, backend=backend, to="accounts:login_otp")
    if settings.TWO_FACTOR_REQUIRED:
        return _await_second_factor(request, user, backend=backend, to="accounts:enrol")
    _log_in(request, user, backend=backend, device=None)
    return _completed(request, redirect(_next_url(request)))


def login_otp_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None or not services.has_second_factor(user):
        return redirect("accounts:login")
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            _log_in(request, user, backend=request.session[PENDING_BACKEND], device=device)
            return _completed(request, redirect(_next_url(request)))
        form.add_error("token", _("That code is not valid. Try the newest code."))
    return render(request, "accounts/login_otp.html", {"form": form, "next": _next_url(request)})


def _enrolment_context(device: TOTPDevice) -> dict[str, Any]:
    return {
        "qr_svg_base64": base64.b64encode(qr_svg(device.config_url, border=4).encode()).decode(),
        "secret": base64.b32encode(device.bin_key).decode("ascii"),
    }


def enrol_view(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app at the first login, before anything else opens."""
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if services.has_second_factor(user):
        return redirect(
            f"{reverse('accounts:login_otp')}?{urlencode({'next': _next_url(request)})}"
        )
    pending = services.totp_setup_start(user=user)
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_enrol(user=user, token=form.cleaned_data["token"])
        except services.TwoFactorError as error:
            form.add_error("token", error.message)
        else:
            _log_in(request, user, backend=request.session[PENDING_BACKEND], device=device)
            return _completed(request, _backup_codes_page(request, codes))
    context = _enrolment_context(pending)
    context.update(form=form, next=_next_url(request))
    return render(request, "accounts/enrol.html", context)


def _backup_codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """Show new backup codes, once: they are never shown again."""
    response = render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)}
    )
    response["Cache-Control"] = "no-store"
    return response


def admin_login_view(request: HttpRequest) -> HttpResponse:
    """Send the admin's log-in to ours, so that two-factor and the lockout apply there too.

    Someone already logged in whom the admin does not admit is refused here; sending
    them to the login page would send them straight back to the admin, round in circles.
    """
    if request.user.is_authenticated and not admin.site.has_permission(request):
        raise PermissionDenied
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("accounts:login") + (f"?{query}" if query else ""))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("accounts:login")


def _security_context(user: User) -> dict[str, Any]:
    return {
        "device": services.totp_device_for(user),
        "backup_codes_left": services.backup_codes_left(user),
        "two_factor_required": settings.TWO_FACTOR_REQUIRED,
        "password_form": PasswordConfirmForm(),
        "codes_password_form": PasswordConfirmForm(prefix=CODES_PREFIX),
        "api_tokens": api_tokens_of(user),
        "api_token_form": ApiTokenForm(),
    }


@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context = _security_context(user)
    pending = services.totp_pending_device(user) if context["device"] is None else None
    if pending is not None:
        context.update(_enrolment_context(pending), token_form=TokenForm())
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def two_factor_start_view(request: HttpRequest) -> HttpResponse:
    try:
        services.totp_setup_start(user=_staff(request))
    except services.TwoFactorError as error:
        messages.error(request, error.message)
    return redirect("accounts:security")


@login_required
@require_POST
def two_factor_confirm_view(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            device, codes = services.two_factor_enrol(
                user=_staff(request), token=form.cleaned_data["token"]
            )
        except services.TwoFactorError as error:
            messages.error(request, error.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return _backup_codes_page(request, codes)
    return redirect("accounts:security")


@login_required
@require_POST
@sensitive_post_parameters("password")
def backup_codes_view(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, prefix=CODES_PREFIX)
    if form.is_valid():
        try:
            codes = services.backup_codes_regenerate(
                user=_staff(request), password=form.cleaned_data["password"]
            )
        except services.TwoFactorError as error:
            messages.error(request, error.message)
        else:
            return _backup_codes_page(request, codes)
    return redirect("accounts:security")


@login_required
@require_POST
@sensitive_post_parameters("password")
def two_factor_disable_view(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        user = _staff(request)
        try:
            services.totp_disable(user=user, password=form.cleaned_data["password"])
        except services.TwoFactorError as error:
            messages.error(request, error.message)
        else:
            if settings.TWO_FACTOR_REQUIRED:
                # The session's second factor is gone: set up the new app before going on.
                backend = request.session.get(BACKEND_SESSION_KEY, DEFAULT_BACKEND)
                logout(request)
                return _await_second_factor(request, user, backend=backend, to="accounts:enrol")
            messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:security")


@login_required
@require_POST
def api_token_create_view(request: HttpRequest) -> HttpResponse:
    """Make a personal API token and show its key, this once."""
    user = _staff(request)
    form = ApiTokenForm(request.POST)
    key = None
    if form.is_valid():
        try:
            _token, key = api_token_create(
                actor=user,
                owner=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except DomainError as error:
            form.add_error("name", error.message)
    context = _security_context(user) | {"api_token_form": ApiTokenForm() if key else form}
    context["new_api_key"] = key
    response = render(request, "accounts/security.html", context, status=200 if key else 400)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    token = api_token_of(user, pk)
    if token is None:
        raise Http404(_("No such API token of yours."))
    api_token_revoke(actor=user, token=token)
    messages.success(request, _("The API token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:security")
