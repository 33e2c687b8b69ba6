"""Real local servers for the notice tests: an SMTP server (aiosmtpd) and an HTTP stand-in
for an SMS gateway (the standard library's ``http.server``), each on a free loopback port."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpHandler:
    """Keeps every message it accepts; answers ``refuse`` to DATA when set."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.refuse: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.original_content or e.content, policy=policy.default)
                for e in self.envelopes]  # type: ignore[misc]


@dataclass
class Smtp:
    host: str
    port: int
    handler: SmtpHandler


@pytest.fixture
def smtp_server() -> Iterator[Smtp]:
    handler = SmtpHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Smtp("127.0.0.1", port, handler)
    finally:
        controller.stop()


@dataclass
class Gateway:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0


@pytest.fixture
def sms_gateway() -> Iterator[Gateway]:
    """An HTTP SMS gateway stand-in: records method, path, headers and JSON body."""
    gw = Gateway("")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if gw.delay:
                time.sleep(gw.delay)
            gw.requests.append({"method": self.command, "path": self.path,
                                "headers": dict(self.headers),
                                "json": json.loads(raw.decode("utf-8")) if raw else None})
            body = b'{"ok": true}' if gw.status < 300 else b'{"error": "quota exceeded"}'
            try:
                self.send_response(gw.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:   # the sender gave up waiting (the time-out test)
                pass

        do_POST = do_PUT = do_GET = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    gw.url = f"http://127.0.0.1:{server.server_port}/api/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gw
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_smtp() -> Iterator[int]:
    """A port that accepts connections and never answers (an SMTP server that hangs)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                held.append(conn)
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield int(sock.getsockname()[1])
    finally:
        stop.set()
        t.join(2)
        for c in held:
            c.close()
        sock.close()
