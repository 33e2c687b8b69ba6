"""A generic HTTP gateway for SMS (and Zalo): no provider is named yet.

Settings (``onestop notify configure --sms-…``, see docs/notices.md):

* ``url`` — the gateway's endpoint (``http://`` or ``https://``);
* ``method`` — ``POST`` (default) or ``PUT``/``GET``;
* ``body`` — a JSON template; every string in it may hold ``{to}`` (the phone number,
  national form ``09…``), ``{to_intl}`` (``849…``) and ``{text}`` (the message); the values
  are put into the parsed JSON, so quotes and Vietnamese letters are always escaped correctly.
  Default ``{"to": "{to}", "text": "{text}"}``;
* ``auth_header`` — the header name (e.g. ``Authorization``); its value (e.g. ``Bearer …``)
  comes from ``ONESTOP_SMS_AUTH`` or the keyring, never from the settings;
* ``timeout`` — seconds.

Any 2xx answer is "sent"; anything else, a refused connection or a time-out raises
:class:`~onestop.notify.SendError` with the status and the start of the answer.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from onestop.notify import Outgoing, SendError

DEFAULT_BODY = '{"to": "{to}", "text": "{text}"}'
METHODS = ("POST", "PUT", "GET")


@dataclass(frozen=True)
class GatewaySettings:
    url: str
    method: str = "POST"
    body: str = DEFAULT_BODY
    auth_header: str = ""
    auth_value: str = ""
    timeout: float = 15.0


def fill(template: Any, values: dict[str, str]) -> Any:
    """The JSON template with the placeholders of every string replaced."""
    if isinstance(template, str):
        out = template
        for key, value in values.items():
            out = out.replace("{" + key + "}", value)
        return out
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    return template


def intl(number: str) -> str:
    """``0912345678`` → ``84912345678``."""
    return "84" + number[1:] if number.startswith("0") else number


class HttpGateway:
    """Sends short messages through an HTTP JSON gateway."""

    def __init__(self, settings: GatewaySettings, channel: str = "sms") -> None:
        self.settings = settings
        self.channel = channel

    def request(self, message: Outgoing) -> urllib.request.Request:
        s = self.settings
        values = {"to": message.recipient, "to_intl": intl(message.recipient),
                  "text": message.body}
        data = json.dumps(fill(json.loads(s.body), values), ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(s.url, data=None if s.method == "GET" else data,
                                     method=s.method)
        req.add_header("Content-Type", "application/json; charset=utf-8")
        if s.auth_header and s.auth_value:
            req.add_header(s.auth_header, s.auth_value)
        return req

    def send(self, message: Outgoing) -> None:
        s = self.settings
        try:
            with urllib.request.urlopen(self.request(message), timeout=s.timeout) as resp:
                status = resp.status
                if not 200 <= status < 300:
                    raise SendError(f"HTTP {status}")
        except urllib.error.HTTPError as exc:
            detail = exc.read(200).decode("utf-8", "replace").strip()
            raise SendError(f"HTTP {exc.code}: {detail}".rstrip(": ")) from exc
        except (socket.timeout, TimeoutError) as exc:
            raise SendError(f"{s.url}: timed out") from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise SendError(f"{s.url}: timed out") from exc
            raise SendError(f"{s.url}: {reason}") from exc
        except OSError as exc:
            raise SendError(f"{s.url}: {exc}") from exc
