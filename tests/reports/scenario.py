"""A known set of dossiers, built through the real services, with hand-computed reports.

The clock is pinned at NOW = Wednesday 20/05/2026 10:00 (UTC+7); every receipt and event is
back-dated with ``received_at`` / ``at``. Procedures: P5 = 2.001914 (5 working days),
P15 = 1.004889 (15 working days), PNL = 1.005142 (no time limit), P20 = 1.005074 (20 days,
another department). Calendar facts used (seeded overrides / statutory holidays 2026):
Mon 27/04 off (nghỉ bù Giỗ Tổ), Thu 30/04 and Fri 01/05 off.

Letter → story (due moment; class at NOW):

* A  P5  recv Tue 28/04 09:00 → due Thu 07/05 09:00 (crosses 30/04, 01/05 and the weekend;
  without the holidays it would be 05/05); result Wed 06/05 → **early** (4 working days);
  returned 08/05. Carried over into May.
* B  P5  recv Fri 24/04 10:00 → due Wed 06/05 (crosses 27/04 and 30/04–01/05); result
  Fri 08/05 → **late** (7 days). Carried over.
* C  P5  recv Mon 20/04 → due 28/04; result 22/04 → early in April; not carried over.
* W  P5  recv Tue 14/04 → due Tue 21/04; result Tue 05/05 → **late** (12 days). Carried over.
* Q  P5  recv Wed 22/04 (canbo2) → due Mon 04/05; still open → **overdue**. Carried over.
* U  P15 recv Tue 21/04; supplement requested Thu 23/04 → **paused**. Carried over.
* D  P5  recv Mon 04/05 08:30 (online) → due Mon 11/05 08:30; result 11/05 15:00 →
  **on time** (5 days); returned 12/05.
* E  P5  recv Tue 05/05 09:00 → due Tue 12/05 09:00; rescheduled 11/05 to 15/05 16:00;
  result Tue 12/05 (the original due day) → stored **late** (rescheduled).
* F  P15 recv Wed 06/05; supplement requested Fri 08/05 → **paused**.
* G  P5  recv Mon 04/05; supplement requested 05/05, received Wed 13/05 14:00 → new due
  Wed 20/05 14:00 → **due soon**, due today.
* H  P5  recv Thu 07/05 09:00 (canbo2), transferred → due Thu 14/05 → **overdue**.
* I  P15 recv Mon 18/05 (post) → due Mon 08/06 → **on track**.
* J1 P5  recv Thu 14/05 09:00 → due Thu 21/05 09:00 → **due soon** (the bound is the end
  of the next working day, Thu 21/05 23:59:59), due next working day.
* J2 P5  recv Thu 14/05 11:00 (vneid) → due Thu 21/05 11:00 → **due soon**, due next
  working day.
* S  P5  recv Wed 13/05 08:00 → due Wed 20/05 08:00 < NOW → **overdue**, due today.
* K  P20 recv Fri 08/05, refused Mon 11/05 → **refused**.
* N  P5  recv Fri 15/05 with an intake refusal (Mẫu 03) → **refused**.
* L  P5  recv Tue 12/05, withdrawn Wed 13/05 → **withdrawn**.
* M  P5  recv Tue 12/05, voided → excluded from everything.
* O  PNL recv Mon 11/05 → open **no limit**.
* P  PNL recv Mon 04/05; result Fri 15/05 → finished **no limit** (9 days).
"""

from __future__ import annotations

from datetime import datetime

from onestop.domain.calendar import VN_TZ
from onestop.services import users
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive

P5, P15, PNL, P20 = "2.001914", "1.004889", "1.005142", "1.005074"
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=VN_TZ)
PASSWORD = "Ca-Phe-Sua-Da-9"
SUPERVISOR, OFFICER1, OFFICER2 = "giamsat", "canbo1", "canbo2"
QLCL = "Phòng Quản lý chất lượng"


#: Applicants' given names per letter (names may not contain digits).
GIVEN = {"A": "An", "B": "Bình", "C": "Cường", "D": "Dũng", "E": "Em", "F": "Phúc",
         "G": "Giang", "H": "Hà", "I": "Yến", "J1": "Khánh", "J2": "Khoa", "K": "Kiên",
         "L": "Lan", "M": "Minh", "N": "Nam", "O": "Oanh", "P": "Phương", "Q": "Quân",
         "S": "Sơn", "U": "Uyên", "W": "Vinh"}


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def build(url: str) -> dict[str, str]:
    """Initialise ``url`` and add the dossiers; returns letter → dossier code."""
    ctx = Context.open(url, clock=lambda: NOW)
    try:
        setup.init(ctx)
        users.add_user(ctx, SUPERVISOR, "supervisor", "Trần Văn Giám Sát", PASSWORD)
        users.add_user(ctx, OFFICER1, "officer", "Nguyễn Thị Một", PASSWORD)
        users.add_user(ctx, OFFICER2, "officer", "Lê Văn Hai", PASSWORD)
        return _dossiers(ctx)
    finally:
        ctx.engine.dispose()


def _dossiers(ctx: Context) -> dict[str, str]:
    one, two = ctx.as_user(OFFICER1), ctx.as_user(OFFICER2)
    codes: dict[str, str] = {}

    def rec(letter: str, proc: str, at: datetime, who: Context = one, **kw: object) -> str:
        d = receive(who, ReceiveRequest(procedure=proc, name=f"Nguyễn Văn {GIVEN[letter]}",
                                        received_at=at, **kw))  # type: ignore[arg-type]
        codes[letter] = d.code
        return d.code

    def ev(letter: str, kind: str, at: datetime, **kw: object) -> None:
        record(one, codes[letter], EventRequest(kind=kind, at=at, **kw))  # type: ignore[arg-type]

    rec("W", P5, vn(2026, 4, 14, 9, 0))
    ev("W", "result-ready", vn(2026, 5, 5, 10, 0))
    rec("C", P5, vn(2026, 4, 20, 9, 0))
    ev("C", "result-ready", vn(2026, 4, 22, 15, 0))
    rec("U", P15, vn(2026, 4, 21, 9, 0))
    ev("U", "supplement-request", vn(2026, 4, 23, 9, 0), missing=["Giấy khai sinh"])
    rec("Q", P5, vn(2026, 4, 22, 9, 0), who=two)
    rec("B", P5, vn(2026, 4, 24, 10, 0))
    ev("B", "result-ready", vn(2026, 5, 8, 10, 0))
    rec("A", P5, vn(2026, 4, 28, 9, 0))
    ev("A", "transfer", vn(2026, 4, 28, 10, 0), to=QLCL)
    ev("A", "result-ready", vn(2026, 5, 6, 14, 0))
    ev("A", "return", vn(2026, 5, 8, 9, 0), collector="Người nộp A")
    rec("D", P5, vn(2026, 5, 4, 8, 30), channel="online")
    ev("D", "result-ready", vn(2026, 5, 11, 15, 0))
    ev("D", "return", vn(2026, 5, 12, 9, 0), collector="Người nộp D")
    rec("G", P5, vn(2026, 5, 4, 9, 0))
    ev("G", "supplement-request", vn(2026, 5, 5, 9, 0), missing=["Bản sao văn bằng"])
    ev("G", "supplement-received", vn(2026, 5, 13, 14, 0))
    rec("P", PNL, vn(2026, 5, 4, 10, 0))
    ev("P", "result-ready", vn(2026, 5, 15, 10, 0))
    rec("E", P5, vn(2026, 5, 5, 9, 0))
    ev("E", "reschedule", vn(2026, 5, 11, 9, 0), reason="Cần xác minh",
       new_due=vn(2026, 5, 15, 16, 0))
    ev("E", "result-ready", vn(2026, 5, 12, 8, 0))
    rec("F", P15, vn(2026, 5, 6, 10, 0))
    ev("F", "supplement-request", vn(2026, 5, 8, 9, 0), missing=["Đơn đề nghị"])
    rec("H", P5, vn(2026, 5, 7, 9, 0), who=two)
    ev("H", "transfer", vn(2026, 5, 7, 10, 0), to=QLCL)
    rec("K", P20, vn(2026, 5, 8, 9, 0))
    ev("K", "refuse", vn(2026, 5, 11, 9, 0), reason="Không đủ điều kiện")
    rec("O", PNL, vn(2026, 5, 11, 9, 0))
    rec("L", P5, vn(2026, 5, 12, 9, 0))
    ev("L", "withdraw", vn(2026, 5, 13, 9, 0), reason="Xin rút")
    rec("M", P5, vn(2026, 5, 12, 10, 0))
    record(ctx, codes["M"], EventRequest(kind="void", at=vn(2026, 5, 12, 10, 5),
                                         reason="Nhập trùng"))
    rec("S", P5, vn(2026, 5, 13, 8, 0))
    rec("J1", P5, vn(2026, 5, 14, 9, 0))
    rec("J2", P5, vn(2026, 5, 14, 11, 0), channel="vneid")
    rec("N", P5, vn(2026, 5, 15, 9, 0), refuse_reason="Hồ sơ không thuộc thẩm quyền")
    rec("I", P15, vn(2026, 5, 18, 9, 0), channel="post")
    return codes


#: The overview at NOW (live classes) — hand-computed from the stories above.
LIVE = {"on_track": 1, "due_soon": 3, "overdue": 3, "no_limit": 1, "paused": 2,
        "due_today": 2, "due_next_day": 2}
LIVE_LETTERS = {"on_track": {"I"}, "due_soon": {"G", "J1", "J2"}, "overdue": {"H", "Q", "S"},
                "no_limit": {"O"}, "paused": {"F", "U"}, "due_today": {"G", "S"},
                "due_next_day": {"J1", "J2"}}

#: May 2026 (the current month at NOW).
MAY = {"received": 14, "carried_over": 5,
       "finished_early": 1, "finished_on_time": 1, "finished_late": 3, "finished_no_limit": 1,
       "in_progress_on_track": 4, "in_progress_overdue": 3, "in_progress_no_limit": 1,
       "paused": 2, "refused": 2, "withdrawn": 1}
MAY_LETTERS = {
    "received": {"D", "E", "F", "G", "H", "I", "J1", "J2", "K", "L", "N", "O", "P", "S"},
    "carried_over": {"A", "B", "Q", "U", "W"},
    "finished_early": {"A"}, "finished_on_time": {"D"}, "finished_late": {"B", "E", "W"},
    "finished_no_limit": {"P"}, "in_progress_on_track": {"G", "I", "J1", "J2"},
    "in_progress_overdue": {"H", "Q", "S"}, "in_progress_no_limit": {"O"},
    "paused": {"F", "U"}, "refused": {"K", "N"}, "withdrawn": {"L"},
}
MAY_CHANNELS = {"direct": 11, "post": 1, "online": 1, "vneid": 1}
#: April 2026, reported at NOW (a past period: classes judged at 01/05 00:00).
APRIL = {"received": 6, "carried_over": 0,
         "finished_early": 1, "finished_on_time": 0, "finished_late": 0, "finished_no_limit": 0,
         "in_progress_on_track": 3, "in_progress_overdue": 1, "in_progress_no_limit": 0,
         "paused": 1, "refused": 0, "withdrawn": 0}
APRIL_LETTERS = {"in_progress_on_track": {"A", "B", "Q"}, "in_progress_overdue": {"W"},
                 "finished_early": {"C"}, "paused": {"U"}}
#: Processing time (working days) of May's finished dossiers, per procedure code.
MAY_PROCESSING = {P5: (5, 6.6, 5.0), PNL: (1, 9.0, 9.0)}  # (count, mean, median)
