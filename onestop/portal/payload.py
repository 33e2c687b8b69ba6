"""From our dossiers and events to the portal's objects, through the administrator's tables.

A value that has no mapping is never guessed: :class:`Unmapped` names it, and the dossier waits
in the "attention" list with that reason until an administrator fills the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onestop.portal import wire

#: The status a dossier is in after an event of each kind (record-only kinds keep the status).
EVENT_STATUS: dict[str, str | None] = {
    "received": "received", "transfer": "processing", "supplement-request": "awaiting-supplement",
    "supplement-received": "processing", "result-ready": "result-ready", "return": "returned",
    "refuse": "refused", "withdraw": "withdrawn", "stop": "stopped", "void": "void",
    "reschedule": None, "note": None, "correct": None, "calendar-reschedule": None,
}
EVENT_TEXT: dict[str, str] = {
    "received": "Tiếp nhận hồ sơ", "transfer": "Chuyển xử lý",
    "supplement-request": "Yêu cầu bổ sung hồ sơ", "supplement-received": "Nhận hồ sơ bổ sung",
    "result-ready": "Có kết quả", "return": "Trả kết quả", "refuse": "Từ chối hồ sơ",
    "withdraw": "Rút hồ sơ", "stop": "Dừng xử lý", "void": "Huỷ hồ sơ",
    "reschedule": "Gia hạn thời hạn", "note": "Ghi chú", "correct": "Đính chính thông tin",
    "calendar-reschedule": "Điều chỉnh lịch hẹn theo lịch làm việc",
}


class Unmapped(Exception):
    """A value with no portal code (``kind`` status/channel/procedure, ``value`` ours)."""

    def __init__(self, kind: str, value: str) -> None:
        super().__init__(f"{kind} {value}")
        self.kind, self.value = kind, value

    def reason(self) -> str:
        """Vietnamese: shown to the desk and in the attention list."""
        what = {"status": "trạng thái", "channel": "hình thức nộp",
                "procedure": "thủ tục"}.get(self.kind, self.kind)
        return f"chưa có mã của Cổng cho {what} {self.value}"


@dataclass
class Maps:
    """The three tables: ours → theirs (a blank or unconfirmed entry counts as missing)."""

    status: dict[str, str] = field(default_factory=dict)
    channel: dict[str, str] = field(default_factory=dict)
    procedure: dict[str, str] = field(default_factory=dict)

    def get(self, kind: str, ours: str) -> str:
        theirs = getattr(self, kind).get(ours, "")
        if not theirs:
            raise Unmapped(kind, ours)
        return theirs


def _text(v: Any) -> str:
    return "" if v is None else str(v)


def dossier_object(d: Mapping[str, Any], proc: Mapping[str, Any], maps: Maps,
                   unit_name: str) -> dict[str, Any]:
    """The ``DongBoHoSoMC.data[]`` object of one dossier row (joined with its procedure).

    Raises:
        Unmapped: the status, channel or a local procedure code has no portal code.
    """
    if proc.get("is_local"):
        ma_tthc = maps.get("procedure", proc["code"])
    else:
        ma_tthc = maps.procedure.get(proc["code"]) or proc["code"]
    docs = []
    for i, doc in enumerate(d.get("documents") or []):
        docs.append({"TepDinhKemId": str(i + 1), "TenTepDinhKem": _text(doc.get("name")),
                     "IsDeleted": "False", "MaThanhPhanHoSo": _text(doc.get("code")),
                     "DuongDanTaiTepTin": ""})
    fees = []
    if d.get("fee_vnd"):
        fees.append({"TenPhiLePhi": "Lệ phí", "MaPhiLePhi": "", "HinhThucThu": "1",
                     "Gia": str(d["fee_vnd"]), "LoaiPhiLePhi": "1"})
    org = d.get("org_name")
    return {
        "MaHoSo": d["code"], "MaTTHC": ma_tthc, "TenTTHC": proc["name"],
        "MaLinhVuc": _text(proc.get("field_code")), "TenLinhVuc": _text(proc.get("field")),
        "ChuHoSo": org or d["applicant_name"], "LoaiDoiTuong": "2" if org else "1",
        "MaDoiTuong": _text(d.get("id_number")), "ThongTinKhac": "",
        "Email": _text(d.get("email")), "Fax": "", "SoDienThoai": _text(d.get("phone")),
        "TrichYeuHoSo": proc["name"], "NgayTiepNhan": wire.fmt_date(d["received_at"]),
        "NgayHenTra": wire.fmt_date(d.get("due_at")),
        "TrangThaiHoSo": maps.get("status", d["status"]),
        "NgayTra": wire.fmt_date(d.get("returned_at")), "ThongTinTra": "",
        "HinhThuc": maps.get("channel", d["channel"]),
        "NgayKetThucXuLy": wire.fmt_date(d.get("finished_at")),
        "DonViXuLy": _text(d.get("department")) or unit_name, "GhiChu": _text(d.get("notes")),
        "TaiLieuNop": docs, "DanhSachLePhi": fees, "DanhSachTepDinhKemKhac": [],
        "DanhSachHoSoBoSung": [], "DanhSachGiayToKetQua": [],
    }


def progress_object(e: Mapping[str, Any], code: str, status_after: str, maps: Maps,
                    d: Mapping[str, Any], unit_name: str) -> dict[str, Any]:
    """The ``CapNhatTienDoHoSoMC.data[]`` object of one event.

    Raises:
        Unmapped: the status after the event has no portal code.
    """
    return {
        "MaHoSo": code, "NguoiXuLy": _text(e["user_name"]), "ChucDanh": "",
        "ThoiDiemXuLy": wire.fmt_date(e["at"]),
        "PhongBanXuLy": _text(d.get("department")) or unit_name,
        "NoiDungXuLy": EVENT_TEXT.get(e["kind"], e["kind"]),
        "TrangThai": maps.get("status", status_after),
        "NgayBatDau": wire.fmt_date(d["received_at"]),
        "NgayKetThucTheoQuyDinh": wire.fmt_date(d.get("due_at")),
    }


def statuses_after(kinds: list[str], first: str = "received") -> list[str]:
    """The dossier's status after each of its events, in order."""
    out, current = [], first
    for k in kinds:
        nxt = EVENT_STATUS.get(k)
        if nxt:
            current = nxt
        out.append(current)
    return out
