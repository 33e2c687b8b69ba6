"""An HTTP client of the province's LGSP adapter (httpx, JSON over POST).

Errors are typed so the link can tell them apart:

* :class:`LoginRefused` — the log-in answered a non-zero ``error_code`` (exit 4);
* :class:`Unreachable` — no connection, a time-out, a dropped connection, HTTP 5xx, or an
  answer that is not the expected JSON (transient: retried with back-off; exit 5 when the
  adapter cannot be reached at all);
* :class:`Refused` — the adapter answered a non-zero ``error_code`` to a call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from onestop.portal import wire


@dataclass(frozen=True)
class LinkConfig:
    """One link (a row of ``portal_link``) and its password (never stored in the database)."""

    unit: str
    adapter_url: str
    auth_path: str
    integration_path: str
    share_path: str
    username: str
    dstcode: str
    madonvi: str
    password: str = ""


class PortalError(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class LoginRefused(PortalError):
    pass


class Unreachable(PortalError):
    pass


class Refused(PortalError):
    def __init__(self, detail: str, answer: Any = None) -> None:
        super().__init__(detail)
        self.answer = answer


class Client:
    """A logged-in conversation with the adapter (one httpx connection pool)."""

    def __init__(self, cfg: LinkConfig, timeout: float = 10.0) -> None:
        self.cfg = cfg
        self.session: str | None = None
        self.http = httpx.Client(base_url=cfg.adapter_url.rstrip("/"),
                                 timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
                                 headers={"dstcode": cfg.dstcode,
                                          "Content-Type": "application/json; charset=utf-8"})
        self.calls = 0

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            r = self.http.post(path, content=data)
        except httpx.TimeoutException as exc:
            raise Unreachable(f"timeout: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise Unreachable(f"{type(exc).__name__}: {exc}"[:200]) from exc
        if r.status_code >= 400:
            raise Unreachable(f"HTTP {r.status_code}")
        try:
            answer = r.json()
        except ValueError as exc:
            raise Unreachable("malformed answer (not JSON)") from exc
        if not isinstance(answer, dict) or "error_code" not in answer:
            raise Unreachable("malformed answer (no error_code)")
        return answer

    def login(self) -> None:
        """Log in; keeps the session.

        Raises:
            LoginRefused, Unreachable.
        """
        answer = self._post(self.cfg.auth_path, {"username": self.cfg.username,
                                                 "password": self.cfg.password})
        if not wire.success(answer) or not isinstance(answer.get("session"), str):
            raise LoginRefused(str(answer.get("message") or answer.get("error_code")))
        self.session = answer["session"]

    def call(self, service: str, **fields: Any) -> dict[str, Any]:
        """One integration call; a non-zero ``error_code`` logs in again and retries once.

        Raises:
            Refused: the second answer was non-zero too.
            LoginRefused, Unreachable.
        """
        for attempt in (1, 2):
            if self.session is None:
                self.login()
            body = {"session": self.session, "madonvi": self.cfg.madonvi, "service": service,
                    **fields}
            answer = self._post(self.cfg.integration_path, body)
            if wire.success(answer):
                return answer
            if attempt == 1:
                self.session = None          # maybe an expired session: log in, try again
                continue
            raise Refused(str(answer.get("message") or f"error_code {answer.get('error_code')}"),
                          answer)
        raise AssertionError("unreachable")
