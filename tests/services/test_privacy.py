"""Issue 16 through the services, on SQLite and PostgreSQL: person export, who saw an identity
number, the access alert, the breach export and retention (chains stay verifiable)."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from onestop.domain.validation import ValidationError, citizen_id_for
from onestop.services import audit, privacy, retention
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.errors import Forbidden, NotFound
from onestop.services.processing import EventRequest, record
from onestop.services.queries import reveal_personal
from onestop.services.reception import ReceiveRequest, correct, receive
from onestop.storage.models import Dossier, DossierEvent
from tests.support.clock import Clock, vn
from tests.support.db import as_user, sql

BORN = date(1985, 4, 12)
CITIZEN = citizen_id_for("001", BORN, False, 4711)
COLLECTOR = citizen_id_for("079", date(1990, 1, 1), True, 99)
NAME = "Phạm Thị Hồng Nhung"


def three_dossiers(ctx: Context, clock: Clock) -> list[str]:
    codes = []
    for day in (2, 3, 4):
        clock.set(vn(2026, 3, day, 9, 0))
        d = receive(ctx, ReceiveRequest("2.001914", NAME, id_number=CITIZEN, birth_date=BORN,
                                        phone="0912345678", address="12 Lê Lợi, Đà Lạt"))
        codes.append(d.code)
    return codes


def test_person_export_lists_all_three_dossiers_and_who_viewed_them(
        ctx: Context, clock: Clock, tmp_path: Path) -> None:
    codes = three_dossiers(ctx, clock)
    receive(ctx, ReceiveRequest("2.001914", "Người Khác"))
    clock.set(vn(2026, 3, 5, 10, 0))
    reveal_personal(as_user(ctx, "canbo"), codes[1])
    sup = as_user(ctx, "giamsat")
    r = privacy.person_export(sup, id_number=CITIZEN, out=tmp_path / "p.json")
    assert r["codes"] == codes
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert [d["code"] for d in data["dossiers"]] == codes
    assert all(d["applicant"]["id_number"] == CITIZEN for d in data["dossiers"])
    assert {"user": "canbo", "action": "personal.view", "code": codes[1]}.items() <= \
        data["accesses"][0].items()
    pdf = privacy.person_export(sup, name=NAME, birth_date="12/04/1985", out=tmp_path / "p.pdf")
    assert pdf["codes"] == codes
    text = subprocess.run(["pdftotext", str(tmp_path / "p.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert all(c in text for c in codes) and "canbo" in text and "Phạm Thị Hồng Nhung" in text
    # both exports are audited, with codes only
    rows = privacy.access_log(sup, CITIZEN)
    assert [r["action"] for r in rows].count("person.export") == 2
    assert {(r["user"], r["action"], r["code"]) for r in rows} >= {
        ("canbo", "personal.view", codes[1])}
    assert set(rows[0]) == {"at", "user", "action", "code"}


def test_person_export_errors(ctx: Context, clock: Clock, tmp_path: Path) -> None:
    three_dossiers(ctx, clock)
    sup = as_user(ctx, "giamsat")
    with pytest.raises(NotFound):
        privacy.person_export(sup, id_number=citizen_id_for("002", BORN, False, 1),
                              out=tmp_path / "x.json")
    with pytest.raises(ValidationError):
        privacy.person_export(sup, name=NAME, out=tmp_path / "x.json")
    with pytest.raises(ValidationError):
        privacy.person_export(sup, id_number=CITIZEN, out=tmp_path / "x.txt")
    with pytest.raises(Forbidden):
        privacy.person_export(as_user(ctx, "canbo"), id_number=CITIZEN, out=tmp_path / "x.json")
    assert not list(tmp_path.glob("x.*"))


def test_access_alert_once_past_the_hourly_limit(ctx: Context, clock: Clock) -> None:
    codes = three_dossiers(ctx, clock)
    setup.update_agency(ctx, access_alert_per_hour=3)
    officer = as_user(ctx, "canbo")
    clock.set(vn(2026, 3, 5, 10, 0))
    for i in range(6):
        clock.advance(minutes=1)
        reveal_personal(officer, codes[i % 3])
    alerts = privacy.alerts(ctx)
    assert len(alerts) == 1 and alerts[0]["user"] == "canbo" and alerts[0]["count"] == 4
    clock.advance(hours=2)
    reveal_personal(officer, codes[0])
    assert len(privacy.alerts(ctx)) == 1   # one view in the new hour: no new alert


def test_breach_export_has_the_facts_and_no_citizen_data(
        ctx: Context, clock: Clock, tmp_path: Path) -> None:
    three_dossiers(ctx, clock)
    r = privacy.breach_export(as_user(ctx, "giamsat"), "01/03/2026", "2026-03-31",
                              tmp_path / "b.json")
    raw = (tmp_path / "b.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data["data_held"]["dossiers"] == 3 and data["data_held"]["distinct_identity_numbers"] == 1
    assert data["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert r["audit_entries"] == len(data["audit_entries"])
    assert CITIZEN not in raw and "0912345678" not in raw and NAME not in raw
    with pytest.raises(ValidationError):
        privacy.breach_export(ctx, "2026-03-31", "2026-03-01", tmp_path / "c.json")


def _finish(ctx: Context, clock: Clock, code: str) -> None:
    clock.set(vn(2026, 3, 6, 9, 0))
    record(ctx, code, EventRequest("result-ready"))
    clock.set(vn(2026, 3, 6, 10, 0))
    record(ctx, code, EventRequest("return", collector="Lê Văn Nhận", collector_id=COLLECTOR))


def test_retention_erases_personal_data_and_audit_verify_stays_clean(
        ctx: Context, clock: Clock) -> None:
    codes = three_dossiers(ctx, clock)
    clock.set(vn(2026, 3, 5, 9, 0))
    correct(ctx, codes[0], "phone", "0987654321", "Sai số")
    for code in codes[:2]:
        _finish(ctx, clock, code)
    setup.update_agency(ctx, retention_years=5)
    clock.set(vn(2031, 3, 5, 9, 0))          # less than 5 years after the return
    assert retention.apply(ctx, dry_run=True).eligible == 0
    clock.set(vn(2031, 3, 7, 9, 0))
    dry = retention.apply(ctx, dry_run=True)
    assert (dry.eligible, dry.erased, dry.codes) == (2, 0, tuple(codes[:2]))
    with pytest.raises(Forbidden):
        retention.apply(as_user(ctx, "giamsat"))
    r = retention.apply(ctx)
    assert (r.eligible, r.erased, r.codes) == (2, 2, tuple(codes[:2]))
    with ctx.reading() as s:
        erased = {d.code: d for d in s.scalars(select(Dossier))}
        payloads = [e.payload for e in s.scalars(select(DossierEvent))]
    for code in codes[:2]:
        d = erased[code]
        assert d.applicant_name == retention.MARKER
        assert (d.id_number, d.phone, d.birth_date, d.address) == (None, None, None, None)
        assert d.procedure_id and d.received_at and d.status == "returned"
    assert erased[codes[2]].id_number == CITIZEN     # still open: kept
    text = json.dumps(payloads, ensure_ascii=False)
    assert COLLECTOR not in text and "Lê Văn Nhận" not in text and "0912345678" not in text
    report = audit.verify(ctx)
    assert report.ok, (report.breaks, report.mismatches)
    assert retention.apply(ctx).eligible == 0        # done once


def test_an_erased_event_edited_afterwards_is_still_caught(
        ctx: Context, clock: Clock, engine) -> None:  # type: ignore[no-untyped-def]
    code = three_dossiers(ctx, clock)[0]
    _finish(ctx, clock, code)
    clock.set(vn(2040, 1, 1, 9, 0))
    assert retention.apply(ctx).erased == 1
    sql(engine, "UPDATE dossier_event SET user_name = 'ke-gian' WHERE kind = 'return'")
    report = audit.verify(ctx)
    assert not report.ok
    assert [b["problem"] for b in report.breaks] == ["hash"]
