"""Demo of a public service centre (``onestop demo --centre``): the provincial centre of Lâm
Đồng receiving for the Sở GD&ĐT, the Sở Y tế and two communes, and one commune centre.

Only the Sở GD&ĐT's procedures are the real catalogue (``resources/catalogue``). The identity
codes below other than the Sở GD&ĐT's, and the Sở Y tế's and the communes' procedures
(``resources/demo/centre_lamdong_catalogue.csv``), are **fictional**, marked so in their names
and sources ("dữ liệu minh họa"). The dossiers are received through the real receipt service,
one of them to be returned at the commune centre.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select

from onestop.config import resources_dir
from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.services import agencies, catalogue
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import Outbox, Procedure

PARENT = "UBND TỈNH LÂM ĐỒNG"
#: The provincial centre (fictional identity code: the real one is assigned by the province).
CENTRE = {"code": "000.00.60.H36", "name": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH LÂM ĐỒNG",
          "parent": PARENT, "place": "Lâm Đồng",
          "address": "Số 36 Trần Phú, phường Xuân Hương - Đà Lạt (địa chỉ minh họa)"}
#: One commune centre (fictional code and address).
COMMUNE_CENTRE = {"code": "000.11.60.H36",
                  "name": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT",
                  "parent": "UBND PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT", "place": "Đà Lạt",
                  "address": "Phường Xuân Hương - Đà Lạt (địa chỉ minh họa)"}
#: The handling agencies: code, name, parent, whether the code is fictional.
AGENCIES = (
    ("000.00.15.H36", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", PARENT, False),
    ("000.00.16.H36", "SỞ Y TẾ (mã minh họa)", PARENT, True),
    ("000.11.30.H36", "UBND PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT (mã minh họa)", PARENT, True),
    ("000.12.30.H36", "UBND XÃ ĐỨC TRỌNG (mã minh họa)", PARENT, True),
)
EDU = AGENCIES[0][0]
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "K'Brừm", "Phạm Thu Dung",
         "Ka Hòa", "Võ Minh Đức", "Đặng Thị Lan")


def generate(ctx: Context, dossiers: int = 12, counter: int = 1) -> dict[str, Any]:
    """Set this database up as a counter of the provincial centre and receive ``dossiers``
    demo dossiers for the four agencies (one to be returned at the commune centre)."""
    setup.init(ctx, counter=counter, unit={k: CENTRE[k] for k in CENTRE})
    known = {a["code"] for a in agencies.list_agencies(ctx)}
    added = []
    for code, name, parent, _fictional in AGENCIES:
        if code not in known:
            agencies.add_agency(ctx, code, name, parent=parent)
            added.append(code)
    if COMMUNE_CENTRE["code"] not in known:
        agencies.add_agency(ctx, COMMUNE_CENTRE["code"], COMMUNE_CENTRE["name"],
                            parent=COMMUNE_CENTRE["parent"], kind="unit",
                            place=COMMUNE_CENTRE["place"], address=COMMUNE_CENTRE["address"])
        added.append(COMMUNE_CENTRE["code"])
    catalogue.import_csv(ctx, resources_dir() / "demo" / "centre_lamdong_catalogue.csv",
                         update=True)
    _education_for_edu(ctx)
    with ctx.reading() as session:
        procs = list(session.execute(select(Procedure.code, Procedure.agency_codes)
                                     .where(Procedure.active.is_(True))
                                     .order_by(Procedure.code)).all())
    by_agency: dict[str, list[str]] = {}
    for code, listed in procs:
        for agency in (listed or EDU).split("|"):
            by_agency.setdefault(agency, []).append(code)
    handlers = sorted(by_agency)
    rng = random.Random(14)
    made = []
    with ctx.reading() as session:
        moments = office_moments(ctx.calendar(session), ctx.now(), dossiers)
    for i in range(dossiers):
        agency = handlers[i % len(handlers)]        # every agency in turn, then its procedures
        own = by_agency[agency]
        code = own[(i // len(handlers)) % len(own)]
        req = ReceiveRequest(
            procedure=code, name=NAMES[i % len(NAMES)], phone=f"09{rng.randrange(10**8):08d}",
            address="Đà Lạt, Lâm Đồng", agency=agency,
            return_unit=COMMUNE_CENTRE["code"] if i == 1 else None,
            received_at=moments[i])
        made.append(receive(ctx, req).code)
    return {"unit": CENTRE["code"], "agencies_added": added, "dossiers": made}


#: Demo receipts a day at the one counter: well under its daily share of codes (``code_block``).
PER_DAY = 40
FIRST, STEP = time(7, 30), timedelta(minutes=7)


def office_moments(cal: WorkCalendar, now: datetime, n: int) -> list[datetime]:
    """``n`` receipt instants, oldest first, in office hours of working days up to ``now``:
    at most :data:`PER_DAY` a day, seven minutes apart from 07:30 (so never overnight, never
    on a day off, and never more than a counter may number in one day)."""
    moments: list[datetime] = []
    day = now.astimezone(VN_TZ).date()
    while len(moments) < n:
        if cal.is_working_day(day):
            start = datetime.combine(day, FIRST, VN_TZ)
            slots = [start + STEP * k for k in range(PER_DAY)]
            moments.extend(t.astimezone(timezone.utc) for t in reversed(slots)
                           if t < now - timedelta(minutes=1))
        day -= timedelta(days=1)
    return sorted(moments[:n])


def _education_for_edu(ctx: Context) -> None:
    """The shipped education catalogue is decided by the Sở GD&ĐT."""
    with ctx.transaction() as session:
        for proc in session.scalars(select(Procedure).where(
                (Procedure.agency_codes.is_(None)) | (Procedure.agency_codes == ""))):
            proc.agency_codes = EDU
            proc.version += 1
            session.add(Outbox(table_name="procedure", row_id=proc.id))
