"""TLS to the central server: ``sslmode=verify-full`` with the server's certificate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from onestop import sync
from onestop.services.reception import ReceiveRequest, receive
from onestop.sync import central, roles
from onestop.storage import credentials
from tests.support.central import AGENCY, Central, PROCEDURE, make_counter
from tests.support.clock import Clock
from tests.sync.pgserver import PrivateServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def tls_server() -> Iterator[PrivateServer]:
    try:
        server = PrivateServer(tls=True)
    except Exception as exc:  # noqa: BLE001 - no server binaries, openssl or postgres user
        pytest.skip(f"cannot start a private PostgreSQL with TLS: {exc}")
    server.start()
    try:
        yield server
    finally:
        server.destroy()


def test_sync_over_verified_tls(tmp_path: Path, tls_server: PrivateServer,
                                clock: Clock) -> None:
    secure = f"sslmode=verify-full&sslrootcert={tls_server.ca_file}"
    admin = f"{tls_server.url}?{secure}"
    central.init(admin)
    cen = Central(admin, "postgres")
    c1 = make_counter(tmp_path, cen, 1, clock)
    assert "sslmode=verify-full" in c1.url        # the printed settings keep the TLS options
    receive(c1.ctx, ReceiveRequest(procedure=PROCEDURE, name="Ngô Thị Kim"))
    st = sync.run_once(c1.ctx, c1.url)
    assert st.last_error is None and st.pushed > 0
    engine = create_engine(credentials.full_text(credentials.normalise(c1.url)))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT ssl FROM pg_stat_ssl "
                                     "WHERE pid = pg_backend_pid()")).scalar_one() is True
    finally:
        engine.dispose()
    # without TLS the server has no pg_hba line for us: refused, reported, nothing lost
    plain = credentials.normalise(c1.url).set(query={"sslmode": "disable"})
    receive(c1.ctx, ReceiveRequest(procedure=PROCEDURE, name="Ngô Văn Lâm"))
    refused = sync.run_once(c1.ctx, plain)
    assert refused.last_error is not None and refused.pending > 0


def test_reader_url_keeps_tls_options(tls_server: PrivateServer) -> None:
    admin = f"{tls_server.url}?sslmode=require"
    central.init(admin)
    login = roles.add_reader(admin, "postgres_bgd")
    assert "sslmode=require" in login.url
    assert AGENCY  # the reader is not tied to an agency
