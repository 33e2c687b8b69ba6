"""A small history built with the real services: one dossier per form, at pinned times.

``build`` receives, transfers, asks for a supplement, gets it, reschedules, marks the result
ready and returns one dossier (every slip and every control-sheet row), refuses a second one
during processing, refuses a third at intake, receives a fourth by post and finishes a fifth
early (its control sheet says "Trước hạn").
"""

from __future__ import annotations

from dataclasses import dataclass

from onestop.services import processing, reception
from onestop.services.context import Context
from tests.support.clock import Clock, vn

APPLICANT = "Nguyễn Thị Ánh Tuyết"
ID_NUMBER = "068190001234"
ADDRESS = "Số 12 đường Trần Phú, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng"
PROCEDURE_CODE = "2.001914"
PROCEDURE = "Chỉnh sửa nội dung văn bằng, chứng chỉ"
DEPARTMENT = "Phòng Quản lý chất lượng"
MISSING = ("Bản sao Giấy khai sinh có chứng thực", "Ảnh chân dung 3x4 chụp trong 6 tháng")
SUPPLEMENT_REASON = "Hồ sơ thiếu giấy tờ chứng minh thông tin cần chỉnh sửa"
RESCHEDULE_REASON = "Cần xác minh hồ sơ gốc lưu tại trường Trung học phổ thông Bảo Lộc"
REFUSE_REASON = "Văn bằng do cơ sở giáo dục ở tỉnh khác cấp, không thuộc thẩm quyền của Sở"
INTAKE_REASON = "Người nộp không mang theo bản chính văn bằng để đối chiếu"
COLLECTOR = "Trần Văn Hùng"
OTHER = "Lê Hoàng Yến"
POSTAL = "Phạm Đức Thắng"
#: The first receipt: Monday 02/03/2026 09:15 local.
RECEIVED = vn(2026, 3, 2, 9, 15)
NEW_DUE = "2026-03-20T16:00:00+07:00"


@dataclass(frozen=True)
class Codes:
    """The dossier codes of the scenario, in receipt order."""

    full: str        # every event: all slips and a full control sheet
    refused: str     # refused while being processed
    intake: str      # refused at intake (Mẫu 03 from the receipt)
    postal: str      # filed by post: the result goes back by post
    early: str       # result ready before its due date

    def all(self) -> tuple[str, ...]:
        return (self.full, self.refused, self.intake, self.postal, self.early)


def _receive(ctx: Context, name: str, **extra: object) -> str:
    req = reception.ReceiveRequest(procedure=PROCEDURE_CODE, name=name, **extra)  # type: ignore[arg-type]
    return reception.receive(ctx, req).code


def _event(ctx: Context, code: str, kind: str, **fields: object) -> None:
    processing.record(ctx, code, processing.EventRequest(kind=kind, **fields))  # type: ignore[arg-type]


def build(ctx: Context, clock: Clock) -> Codes:
    """Write the scenario as the officer ``canbo`` (the reschedule as the same officer)."""
    officer = ctx.as_user("canbo")
    clock.set(RECEIVED)
    full = _receive(officer, APPLICANT, id_number=ID_NUMBER, phone="0912345678",
                    address=ADDRESS, email="anhtuyet@example.vn",
                    documents=["Đơn đề nghị chỉnh sửa nội dung văn bằng|1|0",
                               "Văn bằng cần chỉnh sửa|1|0", "Giấy khai sinh|0|1"])
    clock.set(vn(2026, 3, 2, 9, 40))
    refused = _receive(officer, OTHER, phone="0987654321")
    intake = _receive(officer, "Võ Minh Khôi", refuse_reason=INTAKE_REASON)
    postal = _receive(officer, POSTAL, channel="post", address="Thôn 3, xã Lạc Dương")
    early = _receive(officer, "Đặng Thu Trang")
    clock.set(vn(2026, 3, 2, 14, 30))
    _event(officer, full, "transfer", to=DEPARTMENT)
    _event(officer, early, "transfer", to=DEPARTMENT)
    _event(officer, refused, "transfer", to=DEPARTMENT)
    clock.set(vn(2026, 3, 3, 10, 0))
    _event(officer, full, "supplement-request", missing=list(MISSING), reason=SUPPLEMENT_REASON)
    _event(officer, refused, "refuse", reason=REFUSE_REASON)
    _event(officer, early, "result-ready")
    clock.set(vn(2026, 3, 4, 8, 30))
    _event(officer, full, "supplement-received")
    clock.set(vn(2026, 3, 9, 15, 0))
    _event(officer, full, "reschedule", reason=RESCHEDULE_REASON, new_due=NEW_DUE)
    clock.set(vn(2026, 3, 18, 11, 0))
    _event(officer, full, "result-ready")
    clock.set(vn(2026, 3, 20, 9, 5))
    _event(officer, full, "return", collector=COLLECTOR)
    return Codes(full, refused, intake, postal, early)
