"""Typed service errors. Each names a field and carries a Vietnamese message and an exit code.

The CLI prints ``field: message`` and exits with :attr:`exit_code`; the GUI shows the message
next to the field. Validation failures are :class:`onestop.domain.validation.ValidationError`
(exit code 2), raised by the domain validators and re-used here unchanged.
"""

from __future__ import annotations

from onestop.domain import messages
from onestop.domain.validation import FieldError, ValidationError

__all__ = [
    "ServiceError", "NotFound", "Forbidden", "AuthFailed", "ValidationError", "FieldError",
    "exit_code_for", "Unavailable",
]


class ServiceError(Exception):
    """Base of the expected, typed failures of a service call (nothing was changed)."""

    exit_code = 1

    def __init__(self, field: str, code: str, **params: object) -> None:
        self.field = field
        self.code = code
        self.params = params
        super().__init__(f"{field}: {self.message}")

    @property
    def message(self) -> str:
        return messages.message(self.code, field=self.field, **self.params)


class NotFound(ServiceError):
    """The dossier, user or procedure named does not exist (exit code 3)."""

    exit_code = 3


class Forbidden(ServiceError):
    """The acting user's role does not allow the action, or the account is disabled (exit 4)."""

    exit_code = 4


class AuthFailed(ServiceError):
    """Wrong credentials or a locked account (exit code 4)."""

    exit_code = 4


class Unavailable(ServiceError):
    """The database cannot be opened or reached (exit code 5)."""

    exit_code = 5


def exit_code_for(exc: BaseException) -> int:
    """The CLI exit code of an error raised by a service."""
    if isinstance(exc, ValidationError):
        return 2
    if isinstance(exc, ServiceError):
        return exc.exit_code
    return 1
