"""A private PostgreSQL server a test may stop and start (the shared one must stay up).

Same recipe as build_scripts/test_services.sh: initdb as the ``postgres`` user when running
as root, a loopback port, a socket in the data folder, trust authentication (throwaway).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateServer:
    """initdb + pg_ctl on a temporary folder; :meth:`stop` and :meth:`start` at will."""

    def __init__(self, tls: bool = False) -> None:
        bindir = _bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found")
        self.bin = bindir
        self.root = Path(tempfile.mkdtemp(prefix="onestop-pg-private-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8", "--auth=trust")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                       f"unix_socket_directories = '{self.root}'\nfsync = off\n")
            if tls:
                self._certificate()
                conf.write("ssl = on\nssl_cert_file = 'server.crt'\n"
                           "ssl_key_file = 'server.key'\n")
        if tls:  # TCP clients must use TLS: hostssl only, no plain host line
            hba = self.data / "pg_hba.conf"
            lines = [ln for ln in hba.read_text().splitlines()
                     if not ln.startswith("host ")]
            hba.write_text("\n".join(lines) + "\nhostssl all all 127.0.0.1/32 trust\n")

    @property
    def ca_file(self) -> Path:
        """The self-signed certificate, to verify the server (``sslrootcert``)."""
        return self.root / "ca.crt"

    def _certificate(self) -> None:
        key, crt = self.data / "server.key", self.data / "server.crt"
        subprocess.run(["openssl", "req", "-new", "-x509", "-days", "2", "-nodes",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(crt)],
                       check=True, capture_output=True, timeout=60)
        shutil.copy(crt, self.ca_file)
        os.chmod(key, 0o600)
        if self.as_root:
            for f in (key, crt):
                shutil.chown(f, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd="/", timeout=120)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w",
                  "-t", "60", "start")

    def stop(self, mode: str = "immediate") -> None:
        """``immediate``: like a power cut of the server (no clean shutdown)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def wait_port_closed(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.05)

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)
