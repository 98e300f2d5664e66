"""Log in (with a second step for two-factor accounts), log out, and two-factor set-up."""

from __future__ import annotations

import base64

from django.contrib import admin, messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from learninglab.accounts import services
from learninglab.accounts.forms import LoginForm, PasswordConfirmForm, TokenForm
from learninglab.accounts.models import User
from learninglab.accounts.selectors import active_user
from learninglab.core.forms import posted
from learninglab.core.qr import qr_svg

PENDING_USER = "accounts_pending_user"
PENDING_BACKEND = "accounts_pending_backend"


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


@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request, data=posted(request))
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if services.totp_device_for(user) is None:
            login(request, user)
            return redirect(_next_url(request))
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_BACKEND] = user.backend
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('accounts:login_otp')}?{query}")
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def login_otp_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_USER)
    user = active_user(pending) if pending else None
    device = services.totp_device_for(user) if user else None
    if user is None or device is None:
        return redirect("accounts:login")
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "")
        verified, _message = device.verify_is_allowed()
        if verified and device.verify_token(token):
            backend = request.session.pop(PENDING_BACKEND)
            request.session.pop(PENDING_USER)
            login(request, user, backend=backend)
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not valid. Try the newest code."))
    return render(request, "accounts/login_otp.html", {"form": form, "next": _next_url(request)})


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


@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context: dict = {"device": services.totp_device_for(user)}
    pending = services.totp_pending_device(user) if context["device"] is None else None
    if pending is not None:
        context.update(
            qr_svg_base64=base64.b64encode(qr_svg(pending.config_url, border=4).encode()).decode(),
            secret=base64.b32encode(pending.bin_key).decode("ascii"),
            token_form=TokenForm(),
        )
    context["password_form"] = PasswordConfirmForm()
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
            device = services.totp_setup_confirm(
                user=_staff(request), token=form.cleaned_data["token"]
            )
        except services.TwoFactorError as error:
            messages.error(request, error.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
    return redirect("accounts:security")


@login_required
@require_POST
@sensitive_post_parameters("password")
def two_factor_disable_view(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.totp_disable(user=_staff(request), password=form.cleaned_data["password"])
        except services.TwoFactorError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:security")
