"""System checks of the accounts' settings, run by ``learninglab check --deploy``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error


def two_factor_required_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Refuse a deployment that lets staff log in with a password alone."""
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [
        Error(
            "TWO_FACTOR_REQUIRED is off: staff could log in with a password alone.",
            hint="Turn it off only in development (config.settings.development).",
            id="accounts.E001",
        )
    ]
