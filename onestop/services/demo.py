"""Demo data: realistic dossiers over the past 12 months, through a bulk path.

Every dossier's events are generated first and its state is computed by the same projection
the services use (``domain.workflow.project``), so demo rows are indistinguishable from real
ones: codes follow the allocation rule, events are hash-chained per counter origin, and every
status and timeliness class occurs (some dossiers are overdue). Rows are written with
SQLAlchemy Core ``executemany`` in chunks, which is what makes 1,000,000 dossiers take
minutes. Demo rows are not queued for sync.
"""

from __future__ import annotations

import random
import time as _time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import func, insert, select

from onestop.domain import codes
from onestop.domain import text as tx
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.domain.validation import citizen_id_for
from onestop.services import audit
from onestop.services.context import Context
from onestop.services.dossiers import parse_hhmm
from onestop.storage.chain import chain_tip, entry_hash, event_fields
from onestop.storage.models import Agency, Dossier, DossierEvent, Procedure, uuid7

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "K'"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Gia", "Xuân", "Đình"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Khánh", "Diệu", "Bảo", "Mỹ", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khoa", "Long",
           "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Vinh", "Đông"]
GIVEN_F = ["Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hương", "Lan", "Linh", "Mai",
           "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Tuyết", "Uyên", "Yến"]
PROVINCES = ["068", "067", "060", "001", "079", "048", "038", "040", "052", "066"]
STREETS = ["Trần Phú", "Phan Đình Phùng", "Hùng Vương", "Lê Hồng Phong", "Ba Tháng Hai",
           "Nguyễn Văn Cừ", "Yersin", "Bùi Thị Xuân", "Hai Bà Trưng", "Quang Trung"]
WARDS = ["Phường Xuân Hương - Đà Lạt", "Phường Lâm Viên - Đà Lạt", "Phường Bảo Lộc",
         "Xã Đức Trọng", "Phường Phan Thiết", "Phường Gia Nghĩa", "Xã Di Linh"]
OFFICERS = ["canbo1", "canbo2", "canbo3", "canbo4"]
CHANNELS = ["direct"] * 70 + ["post"] * 10 + ["online"] * 15 + ["vneid"] * 5
CHUNK = 20_000


@dataclass
class _Plan:
    """What happens to one demo dossier, as event kinds with local times."""

    events: list[tuple[str, datetime, dict[str, Any]]]


def generate(ctx: Context, n: int, seed: int = 1) -> dict[str, Any]:
    """Add ``n`` demo dossiers; returns counts and the wall time."""
    if n < 0 or n > 5_000_000:
        from onestop.services.errors import ValidationError

        raise ValidationError("dossiers", "number_range", min=0, max=5_000_000)
    started = _time.perf_counter()
    rng = random.Random(seed)
    with ctx.reading() as session:
        audit.require(session, ctx, "settings")
        ident = ctx.identity(session)
        agency = session.get(Agency, ident.agency_id)
        assert agency is not None
        settings = ctx.agency_settings(agency)
        cal = ctx.calendar(session, agency)
        procs = [(p.id, p.code, p.time_limit_days, parse_hhmm(p.cutoff), p.department,
                  [{"name": d["name"], "original": 1, "copy": 0} for d in p.documents or []])
                 for p in session.scalars(select(Procedure).where(Procedure.active.is_(True)))]
        seqs = _code_tips(session, agency.code)
        regs = _register_tips(session, agency.id)
        tips = {k: chain_tip(session, DossierEvent, f"{agency.code}#{k}") for k in range(1, 10)}
    now = ctx.now()
    gen = _Generator(rng, cal, agency, procs, now, seqs, regs, tips, settings)
    dossiers = events = 0
    for d_rows, e_rows in gen.chunks(n):
        with ctx.engine.begin() as conn:
            conn.execute(insert(Dossier.__table__), d_rows)
            conn.execute(insert(DossierEvent.__table__), e_rows)
        dossiers += len(d_rows)
        events += len(e_rows)
    with ctx.transaction() as session:
        audit.append(session, ctx, "demo.generate", target=str(n), seed=seed)
    return {"dossiers": dossiers, "events": events,
            "seconds": round(_time.perf_counter() - started, 1)}


def _code_tips(session: Any, agency_code: str) -> dict[str, int]:
    """Highest ordinal already used per day prefix (so demo codes never collide)."""
    prefix_len = len(agency_code) + 9  # "-YYMMDD-K"
    rows = session.execute(select(func.substr(Dossier.code, 1, prefix_len), func.max(Dossier.code))
                           .group_by(func.substr(Dossier.code, 1, prefix_len)))
    return {p: int(c[-3:]) for p, c in rows}


def _register_tips(session: Any, agency_id: Any) -> dict[str, int]:
    rows = session.execute(select(Dossier.register_book, func.max(Dossier.register_no))
                           .where(Dossier.agency_id == agency_id)
                           .group_by(Dossier.register_book))
    return {b: int(n) for b, n in rows}


class _Generator:
    def __init__(self, rng: random.Random, cal: WorkCalendar, agency: Agency,
                 procs: list[Any], now: datetime, seqs: dict[str, int], regs: dict[str, int],
                 tips: dict[int, tuple[int, str]], settings: dict[str, Any]) -> None:
        self.rng, self.cal, self.agency, self.procs, self.now = rng, cal, agency, procs, now
        self.seqs, self.regs, self.tips, self.settings = seqs, regs, tips, settings
        today = now.astimezone(VN_TZ).date()
        self.days = [d for d in (today - timedelta(days=i) for i in range(365, -1, -1))
                     if cal.is_working_day(d)]
        self.weights = [8 if p[2] in (0, 5) else 3 if p[2] else 1 for p in procs]
        self.soon = int(settings.get("due_soon_days", 1))

    def chunks(self, n: int) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        d_rows: list[dict[str, Any]] = []
        e_rows: list[dict[str, Any]] = []
        for _ in range(n):
            self._one(d_rows, e_rows)
            if len(d_rows) >= CHUNK:
                yield d_rows, e_rows
                d_rows, e_rows = [], []
        if d_rows:
            yield d_rows, e_rows

    def _slot(self) -> tuple[date, int, str]:
        """A receipt day and counter with ordinals left, and the code."""
        for _ in range(100):
            day = self.rng.choice(self.days)
            counter = self.rng.randint(1, 9)
            prefix = codes.day_prefix(self.agency.code, day, counter)
            seq = self.seqs.get(prefix, 0) + 1
            if seq <= codes.MAX_DAILY_SEQ:
                self.seqs[prefix] = seq
                return day, counter, codes.make_code(self.agency.code, day, counter, seq)
        raise RuntimeError("demo: no free dossier codes left in the past year")

    def _received_at(self, day: date) -> datetime:
        minute = self.rng.randint(7 * 60 + 30, 16 * 60 + 45)
        local = datetime.combine(day, time(minute // 60, minute % 60, self.rng.randint(0, 59)),
                                 VN_TZ)
        return min(local.astimezone(timezone.utc), self.now - timedelta(minutes=1))

    def _person(self) -> dict[str, Any]:
        r = self.rng
        female = r.random() < 0.55
        name = " ".join([r.choice(FAMILY), r.choice(MIDDLE_F if female else MIDDLE_M),
                         r.choice(GIVEN_F if female else GIVEN_M)]).replace("K' ", "K'")
        birth = date(r.randint(1955, 2008), r.randint(1, 12), r.randint(1, 28))
        ident = citizen_id_for(r.choice(PROVINCES), birth, female, r.randint(0, 999_999))
        phone = r.choice(["09", "08", "03", "07", "05"]) + f"{r.randint(0, 99_999_999):08d}"
        address = f"{r.randint(1, 250)} {r.choice(STREETS)}, {r.choice(WARDS)}, Lâm Đồng"
        return {"applicant_name": name, "applicant_folded": tx.fold(name), "id_number": ident,
                "birth_date": birth, "phone": phone, "address": address,
                "email": None if r.random() < 0.7 else f"congdan{r.randint(1, 99999)}@gmail.com"}

    def _one(self, d_rows: list[dict[str, Any]], e_rows: list[dict[str, Any]]) -> None:
        r = self.rng
        proc = r.choices(self.procs, self.weights)[0]
        pid, pcode, days, cutoff, dept, docs = proc
        day, counter, code = self._slot()
        received = self._received_at(day)
        officer = OFFICERS[(counter - 1) % len(OFFICERS)]
        terms = wf.Terms(received, days, cutoff, self.settings.get("resume_policy", "restart"))
        plan = self._plan(terms, dept)
        dossier_id = uuid7()
        records = [wf.EventRecord(k, at, p, counter, i) for i, (k, at, p) in enumerate(plan.events)]
        p = wf.project(terms, records, self.cal)
        book = codes.register_book(counter, day.year)
        reg = self.regs.get(book, 0) + 1
        self.regs[book] = reg
        d_rows.append({
            "id": dossier_id, "created_at": received, "updated_at": plan.events[-1][1],
            "version": len(plan.events), "code": code, "agency_id": self.agency.id,
            "counter_no": counter, "procedure_id": pid, **self._person(), "org_name": None,
            "channel": r.choice(CHANNELS), "sets": 1 if r.random() < 0.9 else 2,
            "documents": docs, "fee_vnd": None, "fee_paid": False, "notes": None,
            "received_at": received, "received_by": officer, "register_book": book,
            "register_no": reg, "time_limit_days": days, "cutoff": proc[3] and proc[3].strftime("%H:%M"),
            "status": p.status, "due_at": p.due_at, "sla_due_at": p.sla_due_at,
            "finished_at": p.finished_at, "returned_at": p.returned_at,
            "paused_since": p.paused_since, "reschedules": p.reschedules,
            "timeliness": wf.classify(p, self.now, self.cal, self.soon), "department": dept,
        })
        origin = f"{self.agency.code}#{counter}"
        for kind, at, payload in plan.events:
            seq, prev = self.tips[counter]
            row = {"id": uuid7(), "dossier_id": dossier_id, "kind": kind, "at": at,
                   "user_name": officer, "counter_no": counter, "origin": origin,
                   "seq": seq + 1, "payload": payload}
            row["hash"] = entry_hash(prev, event_fields(row))
            row["prev_hash"] = prev
            row.update(created_at=at, updated_at=at, version=1)
            self.tips[counter] = (seq + 1, row["hash"])
            e_rows.append(row)

    # --- lifecycles -----------------------------------------------------------------------

    def _at(self, day: date, base: datetime) -> datetime:
        """A moment on ``day`` in office hours, never before ``base`` nor after now."""
        minute = self.rng.randint(8 * 60, 16 * 60 + 30)
        local = datetime.combine(day, time(minute // 60, minute % 60), VN_TZ)
        return max(base + timedelta(minutes=5), local.astimezone(timezone.utc))

    def _plan(self, terms: wf.Terms, dept: str) -> _Plan:
        r, cal, now = self.rng, self.cal, self.now
        received = terms.received_at
        ev: list[tuple[str, datetime, dict[str, Any]]] = [
            ("received", received, {"channel": "direct"})]
        roll = r.random()
        if roll < 0.01:
            ev[0] = ("received", received, {"intake_refusal": True,
                                            "reason": "Hồ sơ không thuộc thẩm quyền giải quyết"})
            return _Plan(ev)
        local_day = received.astimezone(VN_TZ).date()
        limit = terms.time_limit_days
        due_day = cal.add_working_days(local_day, limit if limit is not None else r.randint(3, 20))
        t = received + timedelta(minutes=r.randint(20, 240))
        if t >= now:
            return _Plan(ev)
        ev.append(("transfer", t, {"to": dept or "Phòng chuyên môn"}))
        if roll < 0.02:
            return _Plan(ev + [("void", t + timedelta(minutes=10),
                                {"reason": "Nhập trùng hồ sơ"})])
        if roll < 0.05:
            return _Plan(ev + [("refuse", self._at(cal.add_working_days(local_day, 1), t),
                                {"reason": "Hồ sơ không đủ điều kiện theo quy định"})])
        if roll < 0.07:
            return _Plan(ev + [("withdraw", self._at(cal.add_working_days(local_day, 1), t),
                                {"reason": "Người nộp xin rút hồ sơ"})])
        if roll < 0.13 and limit:
            return self._supplement(ev, terms, local_day, t)
        if roll < 0.16 and limit:
            return self._rescheduled(ev, due_day, t)
        # finished around the due day: mostly early or on time, some late, some still open
        offset = r.choices([-3, -2, -1, 0, 0, 1, 2, 4], [8, 14, 20, 30, 10, 8, 6, 4])[0]
        finish_day = cal.add_working_days(due_day, offset) if offset else due_day
        finish_day = max(finish_day, local_day)
        finished = self._at(finish_day, t)
        if finished >= now or r.random() < 0.04:
            return _Plan(ev)  # still in progress (on track, due soon or overdue)
        ev.append(("result-ready", finished, {}))
        ret = self._at(cal.add_working_days(finish_day, r.randint(0, 5)), finished)
        if ret < now and r.random() < 0.88:
            ev.append(("return", ret, {"collector": "Người nộp hồ sơ"}))
        return _Plan(ev)

    def _supplement(self, ev: list[Any], terms: wf.Terms, day: date, t: datetime) -> _Plan:
        r, cal = self.rng, self.cal
        ask = self._at(cal.add_working_days(day, r.randint(1, 3)), t)
        if ask >= self.now:
            return _Plan(ev)
        ev.append(("supplement-request", ask, {"missing": ["Bản sao giấy khai sinh"],
                                               "reason": "Thiếu giấy tờ"}))
        back = self._at(cal.add_working_days(ask.astimezone(VN_TZ).date(), r.randint(2, 15)), ask)
        if back >= self.now or r.random() < 0.3:
            return _Plan(ev)  # still paused
        ev.append(("supplement-received", back, {}))
        new_due = cal.due(back, terms.time_limit_days or 0, terms.cutoff).due_at.date()
        done = self._at(cal.add_working_days(new_due, r.choice([-1, 0, 0, 1])), back)
        if done < self.now:
            ev.append(("result-ready", done, {}))
        return _Plan(ev)

    def _rescheduled(self, ev: list[Any], due_day: date, t: datetime) -> _Plan:
        cal = self.cal
        notice = self._at(cal.add_working_days(due_day, -1), t)
        if notice >= self.now:
            return _Plan(ev)
        new_day = cal.add_working_days(due_day, self.rng.randint(3, 10))
        new_due = datetime.combine(new_day, time(16, 0), VN_TZ).astimezone(timezone.utc)
        ev.append(("reschedule", notice, {"reason": "Cần xác minh thêm thông tin",
                                          "new_due": new_due.isoformat()}))
        done = self._at(cal.add_working_days(due_day, self.rng.randint(1, 4)), notice)
        if done < self.now:
            ev.append(("result-ready", done, {}))
        return _Plan(ev)


def count_by_status(ctx: Context) -> dict[str, int]:
    with ctx.reading() as session:
        return dict(session.execute(select(Dossier.status, func.count()).group_by(Dossier.status)).all())  # type: ignore[arg-type]

