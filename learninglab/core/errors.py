"""The error services raise when a rule of the domain refuses a change."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused change, with a machine-readable ``code`` and a message for people."""

    def __init__(self, code: str, message: Any, **params: Any) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return str(self.message)
