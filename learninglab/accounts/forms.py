from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from learninglab.accounts.models import ApiTokenScope, User


class LoginForm(AuthenticationForm):
    """E-mail and password. Axes counts failures on the ``username`` field."""

    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail or password is not correct."),
        "inactive": _("This account is switched off. Ask your coordinator."),
    }


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """Return the account a log-in attempt was for, as the lockout counts it.

    Logging in ignores case and surrounding spaces, so the lockout does too; otherwise
    ``Staff@example.org`` would get five more tries than ``staff@example.org``.
    """
    data = credentials if credentials is not None else request.POST
    return User.objects.normalize_email(data.get("username"))


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “CRM sync”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.READ,
        widget=forms.RadioSelect,
    )
