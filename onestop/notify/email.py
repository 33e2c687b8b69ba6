"""E-mail notices over SMTP (the standard library's ``smtplib`` and ``email``).

The message is ``text/plain; charset="utf-8"`` with the subject encoded per RFC 2047, so
Vietnamese letters reach any mail client intact (tests decode what a real SMTP server got).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, make_msgid, formatdate

from onestop.notify import Outgoing, SendError

SECURITY = ("none", "starttls", "tls")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = ""
    sender_name: str = "Bộ phận Một cửa"
    security: str = "starttls"   # none | starttls | tls
    timeout: float = 20.0


def build(settings: SmtpSettings, message: Outgoing) -> EmailMessage:
    """The MIME message (UTF-8 text, encoded headers)."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr((settings.sender_name, settings.sender))
    msg["To"] = message.recipient
    msg["Subject"] = message.subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    msg.set_content(message.body, charset="utf-8")
    return msg


class SmtpProvider:
    """Sends e-mail through one SMTP server."""

    channel = "email"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, message: Outgoing) -> None:
        s = self.settings
        try:
            if s.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            with client:
                if s.security == "starttls":
                    client.starttls(context=ssl.create_default_context())
                if s.user:
                    client.login(s.user, s.password)
                refused = client.send_message(build(s, message))
        except smtplib.SMTPResponseException as exc:
            text = exc.smtp_error.decode("utf-8", "replace") if isinstance(
                exc.smtp_error, bytes) else str(exc.smtp_error)
            raise SendError(f"SMTP {exc.smtp_code}: {text}") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendError(f"SMTP: recipient refused {list(exc.recipients)}") from exc
        except (socket.timeout, TimeoutError) as exc:
            raise SendError(f"SMTP {s.host}:{s.port}: timed out") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"SMTP {s.host}:{s.port}: {exc}") from exc
        if refused:
            raise SendError(f"SMTP: recipient refused {sorted(refused)}")
