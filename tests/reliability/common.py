"""What the reliability suites share: the instant their CLI runs at, the seeded database."""

from __future__ import annotations

from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from tests.support.accounts import initialise
from tests.support.clock import Clock, vn

#: The instant every CLI run of these suites happens at (Monday 02/03/2026, 10:00 local).
NOW = "2026-03-02T10:00:00+07:00"
AGENCY = "000.00.15.H36"
PROCEDURE = "2.001914"
#: Applicants of the seeded dossiers (also searched for in logs by the privacy suite).
SEEDED = (("Nguyễn Văn An", "079090001234", "0912345678"),
          ("Trần Thị Bình", "068185004321", "0987654321"),
          ("Lê Hoàng Cường", "001200123456", "0356789012"))


def seed(url: str) -> None:
    """Initialise ``url`` and receive three dossiers, one transferred, at pinned times."""
    initialise(url)
    clock = Clock(vn(2026, 3, 2, 8, 30))
    ctx = Context.open(url, clock=clock)
    try:
        codes = []
        for name, id_number, phone in SEEDED:
            codes.append(receive(ctx, ReceiveRequest(PROCEDURE, name, id_number=id_number,
                                                     phone=phone)).code)
            clock.advance(minutes=5)
        record(ctx, codes[0], EventRequest("transfer", to="Phòng Quản lý chất lượng"))
    finally:
        ctx.engine.dispose()
