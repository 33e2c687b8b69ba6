"""Sending notices to citizens: one provider per channel (issue 18).

A provider sends one message and either returns (sent) or raises :class:`SendError` with a
short reason that the notice keeps as its ``last_error`` (refused, timed out, unreachable);
the outbox (``services.notices``) retries later. Providers:

* ``email`` — :class:`onestop.notify.email.SmtpProvider` (SMTP with STARTTLS or TLS, UTF-8
  MIME text);
* ``sms`` — :class:`onestop.notify.http_gateway.HttpGateway`, a generic HTTP gateway (URL,
  method, JSON body template, auth header), no provider named yet;
* ``zalo`` — the same HTTP adapter with its own settings (a Zalo Official Account API is an
  HTTP JSON call with an access-token header).

Adding a channel is adding a class with ``send(recipient, subject, body)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class SendError(Exception):
    """The message did not go out; ``str(exc)`` says why (kept on the notice)."""


@dataclass(frozen=True)
class Outgoing:
    """One message to send."""

    recipient: str
    subject: str
    body: str


class Provider(Protocol):
    """Sends messages of one channel."""

    channel: str

    def send(self, message: Outgoing) -> None:
        """Send ``message`` or raise :class:`SendError`."""
