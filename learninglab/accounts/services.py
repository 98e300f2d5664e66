"""Change staff accounts: two-factor devices, accounts created by scripts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from learninglab.accounts.models import User
from learninglab.core.audit import Actor, audit_record
from learninglab.core.models import Via
from learninglab.core.roles import Role

BACKUP_CODES_DEVICE = "backup codes"


class TwoFactorError(Exception):
    def __init__(self, code: str, message: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def totp_device_for(user: User) -> TOTPDevice | None:
    """Return the user's confirmed authenticator app, if they set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    """Return whether the user can pass the second factor: an app, or backup codes left."""
    return (
        totp_device_for(user) is not None
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def second_factor_verify(*, user: User, token: str) -> Device | None:
    """Return the device that accepts ``token``, or None.

    Six digits are checked against the authenticator app, anything else against the backup
    codes; a backup code is used up by being accepted. Each device counts its own wrong
    codes and makes the next try wait (django-otp's throttling).
    """
    token = token.strip().replace(" ", "").lower()
    device: Device | None
    if token.isdigit():
        device = totp_device_for(user)
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return None
    with transaction.atomic():
        allowed, _details = device.verify_is_allowed()
        return device if allowed and device.verify_token(token) else None


def backup_codes_left(user: User) -> int:
    """Return how many unused backup codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def backup_codes_issue(*, user: User) -> list[str]:
    """Replace the user's backup codes with ``BACKUP_CODES_COUNT`` new single-use ones.

    The codes are returned to be shown once; the old ones stop working.
    """
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes: list[str] = []
    while len(codes) < settings.BACKUP_CODES_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(actor=user, action="accounts.backup_codes.issued", obj=user)
    return codes


def backup_codes_regenerate(*, user: User, password: str) -> list[str]:
    """Issue new backup codes after checking the user's password."""
    if not user.check_password(password):
        raise TwoFactorError("bad_password", _("The password is not correct."))
    return backup_codes_issue(user=user)


def totp_pending_device(user: User) -> TOTPDevice | None:
    """Return the authenticator device being set up and not yet confirmed, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).first()


def _refuse_when_on(user: User) -> None:
    # Replacing the app would switch the owner's app off, which needs the password.
    if totp_device_for(user) is not None:
        raise TwoFactorError(
            "already_on", _("Two-factor authentication is already on. Turn it off first.")
        )


def totp_setup_start(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, creating it on first call.

    The device only protects the account once ``totp_setup_confirm`` saw a valid code.
    Raise ``TwoFactorError("already_on")`` while an authenticator app is on.
    """
    _refuse_when_on(user)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_setup_confirm(*, user: User, token: str) -> TOTPDevice:
    """Turn two-factor authentication on once ``token`` proves the app was set up."""
    _refuse_when_on(user)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        raise TwoFactorError("no_device", _("Start the set-up again."))
    if not device.verify_token(token.strip().replace(" ", "")):
        raise TwoFactorError("bad_token", _("That code is not valid. Try the newest code."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.devices_for_user(user, confirmed=True).exclude(pk=device.pk).delete()
    audit_record(actor=user, action="accounts.two_factor.enabled", obj=user)
    return device


@transaction.atomic
def two_factor_enrol(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Turn the app being set up on once ``token`` proves it, and issue the backup codes.

    Return the app's device and the new codes, to be shown once. Raise ``TwoFactorError``
    as ``totp_setup_confirm`` does; then nothing changes.
    """
    device = totp_setup_confirm(user=user, token=token)
    return device, backup_codes_issue(user=user)


@transaction.atomic
def totp_disable(*, user: User, password: str) -> None:
    """Remove the user's authenticator app and backup codes, after checking the password.

    Where two-factor authentication is required, the user has to set up a new app at the
    next login.
    """
    if not user.check_password(password):
        raise TwoFactorError("bad_password", _("The password is not correct."))
    TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()
    StaticDevice.objects.devices_for_user(user, confirmed=None).delete()
    audit_record(actor=user, action="accounts.two_factor.disabled", obj=user)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    email: str,
    full_name: str,
    role: Role,
    partner: Any = None,
    password: str | None = None,
    via: str = Via.WEB,
) -> User:
    """Create a staff account; coordinators also get the Django admin."""
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        role=role,
        partner=partner,
        is_staff=role == Role.COORDINATOR,
    )
    audit_record(
        actor=actor,
        action="accounts.user.created",
        obj=user,
        after={"email": user.email, "role": role, "partner": user.partner_id},
        via=via,
    )
    return user
