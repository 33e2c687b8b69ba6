"""A local stand-in of the province's LGSP adapter: a real HTTP server (stdlib
``ThreadingHTTPServer``, HTTP/1.1 keep-alive) implementing the wire shape of docs/portal.md.

It validates every field and date of what it receives, keeps its own ledger (JSON lines: tests
count what arrived), creates a dossier once (a repeated create of a known ``MaHoSo`` is answered
"ok" and logged as ``create-repeat``), ignores a repeated progress step (same ``MaHoSo``,
``ThoiDiemXuLy``, ``TrangThai``: logged as ``progress-repeat``), refuses a step of an unknown
dossier, expires sessions, and injects faults on request.

Fault SPEC (``--faults``), comma-separated ``name=value``::

    timeout=P   answer after ``hang`` seconds (the request WAS processed): a client time-out
    http500=P   HTTP 500, nothing processed
    error=P     error_code "99", nothing processed
    dup=P       processed; the answer body written twice (a malformed answer)
    drop=P      processed; the connection closed without an answer
    expire=N    a session expires after N calls (error_code "-1")
    hang=S      seconds of a ``timeout`` fault (default 15)
    delay=S     every integration call waits S seconds before it is processed
    seed=N      random seed (default 1)

P is a probability (0..1) per integration call; faults never touch the log-in.
Test hooks: ``POST /_standin/delete {"MaHoSo": …}`` forgets a dossier (for the mismatch check);
``GET /_standin/health``.
"""

from __future__ import annotations

import json
import random
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from onestop.portal import wire

FAULT_KINDS = ("timeout", "http500", "error", "dup", "drop")


class SpecError(ValueError):
    pass


@dataclass
class Faults:
    rates: dict[str, float] = field(default_factory=dict)
    expire: int = 0
    hang: float = 15.0
    delay: float = 0.0
    seed: int = 1

    @classmethod
    def parse(cls, spec: str | None) -> Faults:
        f = cls()
        for part in filter(None, (p.strip() for p in (spec or "").split(","))):
            name, sep, value = part.partition("=")
            if not sep:
                raise SpecError(f"{part}: expected name=value")
            try:
                if name in FAULT_KINDS:
                    rate = float(value)
                    if not 0 <= rate <= 1:
                        raise SpecError(f"{name}: a probability 0..1")
                    f.rates[name] = rate
                elif name == "expire":
                    f.expire = int(value)
                elif name == "hang":
                    f.hang = float(value)
                elif name == "delay":
                    f.delay = float(value)
                elif name == "seed":
                    f.seed = int(value)
                else:
                    raise SpecError(f"{name}: unknown fault")
            except ValueError as exc:
                if isinstance(exc, SpecError):
                    raise
                raise SpecError(f"{name}: {value!r} is not a number") from exc
        if sum(f.rates.values()) > 1:
            raise SpecError("the probabilities add up to more than 1")
        return f


class State:
    """What the stand-in holds, rebuilt from its ledger at start."""

    def __init__(self, ledger: Path | None, username: str, password: str,
                 faults: Faults, catalogue: list[dict[str, Any]]) -> None:
        self.lock = threading.Lock()
        self.ledger_path = ledger
        self.username, self.password = username, password
        self.faults = faults
        self.rng = random.Random(faults.seed)
        self.catalogue = catalogue
        self.sessions: dict[str, int] = {}
        self.dossiers: dict[str, dict[str, Any]] = {}
        self.steps: dict[str, list[dict[str, Any]]] = {}
        self.step_keys: set[tuple[str, str, str]] = set()
        self.fh = None
        if ledger is not None:
            if ledger.exists():
                for line in ledger.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        self._replay(json.loads(line))
            self.fh = ledger.open("a", encoding="utf-8")

    def _replay(self, entry: dict[str, Any]) -> None:
        kind, code = entry["kind"], entry.get("MaHoSo")
        if kind in ("create", "update"):
            self.dossiers[code] = entry["data"]
        elif kind == "progress":
            self.steps.setdefault(code, []).append(entry["data"])
            self.step_keys.add((code, entry["data"]["ThoiDiemXuLy"], entry["data"]["TrangThai"]))
        elif kind == "delete":
            self.dossiers.pop(code, None)

    def log(self, kind: str, code: str, data: dict[str, Any] | None = None) -> None:
        entry = {"t": time.time(), "kind": kind, "MaHoSo": code}
        if data is not None:
            entry["data"] = data
        if self.fh is not None:
            self.fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.fh.flush()

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()


def _check_dossier(obj: Any) -> str | None:
    """Why a dossier object is invalid (None when valid)."""
    if not isinstance(obj, dict):
        return "not an object"
    for name in wire.DOSSIER_FIELDS:
        if name not in obj:
            return f"{name}: missing"
    for name in wire.DOSSIER_FIELDS:
        v = obj[name]
        if name in wire.DOSSIER_LISTS:
            if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
                return f"{name}: not a list of objects"
        elif not isinstance(v, str):
            return f"{name}: not a string"
    for name in ("MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "TrangThaiHoSo", "HinhThuc"):
        if not obj[name].strip():
            return f"{name}: empty"
    for name in wire.DOSSIER_DATES:
        if not wire.valid_date(obj[name], required=name == "NgayTiepNhan"):
            return f"{name}: not yyyyMMddHHmmss"
    if obj["LoaiDoiTuong"] not in ("1", "2"):
        return "LoaiDoiTuong: not 1 or 2"
    for doc in obj["TaiLieuNop"]:
        for k in ("TepDinhKemId", "TenTepDinhKem", "IsDeleted", "MaThanhPhanHoSo",
                  "DuongDanTaiTepTin"):
            if not isinstance(doc.get(k), str):
                return f"TaiLieuNop.{k}: missing"
    for fee in obj["DanhSachLePhi"]:
        for k in ("TenPhiLePhi", "MaPhiLePhi", "HinhThucThu", "Gia", "LoaiPhiLePhi"):
            if not isinstance(fee.get(k), str):
                return f"DanhSachLePhi.{k}: missing"
    return None


def _check_progress(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return "not an object"
    for name in wire.PROGRESS_FIELDS:
        if not isinstance(obj.get(name), str):
            return f"{name}: missing"
    for name in ("MaHoSo", "NguoiXuLy", "TrangThai", "NoiDungXuLy"):
        if not obj[name].strip():
            return f"{name}: empty"
    for name in wire.PROGRESS_DATES:
        if not wire.valid_date(obj[name], required=name == "ThoiDiemXuLy"):
            return f"{name}: not yyyyMMddHHmmss"
    return None


def _err(code: str, message: str) -> dict[str, Any]:
    return {"error_code": code, "message": message}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StandIn

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, answer: dict[str, Any], status: int = 200) -> None:
        self._send(status, json.dumps(answer, ensure_ascii=False).encode("utf-8"))

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/_standin/health":
            self._json({"error_code": 0})
        else:
            self._json(_err("404", "not found"), 404)

    def do_POST(self) -> None:  # noqa: N802
        st = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._json(_err("400", "body is not UTF-8 JSON"), 400)
            return
        if not isinstance(body, dict):
            self._json(_err("400", "body is not an object"), 400)
            return
        if self.path == "/_standin/delete":
            with st.lock:
                code = str(body.get("MaHoSo"))
                st.dossiers.pop(code, None)
                st.log("delete", code)
            self._json({"error_code": 0})
            return
        if self.headers.get("dstcode", "") != self.server.dstcode:
            self._json(_err("403", "dstcode"), 403)
            return
        if self.path == self.server.auth_path:
            self._login(body)
        elif self.path == self.server.integration_path:
            self._integration(body)
        else:
            self._json(_err("404", "not found"), 404)

    def _login(self, body: dict[str, Any]) -> None:
        st = self.server.state
        if body.get("username") != st.username or body.get("password") != st.password:
            self._json(_err("1", "sai tên đăng nhập hoặc mật khẩu"))
            return
        token = secrets.token_hex(16)
        with st.lock:
            st.sessions[token] = 0
        self._json({"error_code": 0, "session": token})

    def _integration(self, body: dict[str, Any]) -> None:
        st, f = self.server.state, self.server.state.faults
        if f.delay:
            time.sleep(f.delay)
        with st.lock:
            fault = None
            r = st.rng.random()
            acc = 0.0
            for kind in FAULT_KINDS:
                acc += f.rates.get(kind, 0.0)
                if r < acc:
                    fault = kind
                    break
            token = body.get("session")
            if token not in st.sessions:
                answer = _err("-1", "phiên làm việc không hợp lệ hoặc đã hết hạn")
                fault = None if fault in ("http500", "error") else fault
            elif f.expire and st.sessions[token] >= f.expire:
                del st.sessions[token]
                answer = _err("-1", "phiên làm việc đã hết hạn")
            elif fault == "http500":
                answer = None
            elif fault == "error":
                answer = _err("99", "lỗi hệ thống (giả lập)")
            else:
                st.sessions[token] += 1
                answer = self._process(body)
        if fault == "http500":
            self._send(500, b"internal error")
        elif fault == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        elif fault == "timeout":
            time.sleep(f.hang)
            self.close_connection = True
        elif fault == "dup":
            text = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self._send(200, text + text)
        else:
            self._json(answer)

    def _process(self, body: dict[str, Any]) -> dict[str, Any]:
        """One call, under the state lock: validate everything first, then apply."""
        st = self.server.state
        if body.get("madonvi") != self.server.madonvi:
            return _err("2", "madonvi không đúng")
        service = body.get("service")
        if service == wire.S_SYNC:
            upd = body.get("isUpdating")
            data = body.get("data")
            if upd not in ("True", "False"):
                return _err("3", "isUpdating: not \"True\" or \"False\"")
            if not isinstance(data, list) or not data:
                return _err("3", "data: not a non-empty list")
            for i, obj in enumerate(data):
                why = _check_dossier(obj)
                if why:
                    return _err("4", f"data[{i}].{why}")
                if upd == "True" and obj["MaHoSo"] not in st.dossiers:
                    return _err("5", f"data[{i}].MaHoSo: unknown dossier")
            for obj in data:
                code = obj["MaHoSo"]
                if upd == "False" and code in st.dossiers:
                    st.log("create-repeat", code)
                else:
                    st.dossiers[code] = obj
                    st.log("create" if upd == "False" else "update", code, obj)
            return {"error_code": 0, "message": "ok"}
        if service == wire.S_PROGRESS:
            data = body.get("data")
            if not isinstance(data, list) or not data:
                return _err("3", "data: not a non-empty list")
            for i, obj in enumerate(data):
                why = _check_progress(obj)
                if why:
                    return _err("4", f"data[{i}].{why}")
                if obj["MaHoSo"] not in st.dossiers:
                    return _err("5", f"data[{i}].MaHoSo: unknown dossier")
            for obj in data:
                key = (obj["MaHoSo"], obj["ThoiDiemXuLy"], obj["TrangThai"])
                if key in st.step_keys:
                    st.log("progress-repeat", obj["MaHoSo"])
                    continue
                st.step_keys.add(key)
                st.steps.setdefault(obj["MaHoSo"], []).append(obj)
                st.log("progress", obj["MaHoSo"], obj)
            return {"error_code": 0, "message": "ok"}
        if service == wire.S_LOOKUP:
            code = body.get("MaHoSo")
            if not isinstance(code, str) or not code:
                return _err("3", "MaHoSo: missing")
            d = st.dossiers.get(code)
            if d is None:
                return {"error_code": 0, "result": []}
            steps = st.steps.get(code, [])
            return {"error_code": 0, "result": [{
                **d, "TrangThaiHoSo": d["TrangThaiHoSo"],
                "TienDo": steps[-1]["TrangThai"] if steps else ""}]}
        if service == wire.S_LIST:
            return {"error_code": 0, "result": [
                {"MATTHC": p["MATTHC"], "TENTTHC": p["TENTTHC"]} for p in st.catalogue]}
        if service == wire.S_PROCEDURE:
            code = body.get("MaTTHC")
            found = [p for p in st.catalogue if p["MATTHC"] == code]
            return {"error_code": 0, "result": found}
        return _err("6", f"service: unknown {service!r}")


class StandIn(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, state: State, *, host: str = "127.0.0.1",
                 auth_path: str = "/auth", integration_path: str = "/integration",
                 dstcode: str = "", madonvi: str = "") -> None:
        super().__init__((host, port), Handler)
        self.state = state
        self.auth_path, self.integration_path = auth_path, integration_path
        self.dstcode, self.madonvi = dstcode, madonvi


def read_ledger(path: Path) -> list[dict[str, Any]]:
    """The stand-in's ledger entries (tests)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
