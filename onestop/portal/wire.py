"""The wire shape of the national portal (DVCQG via the province's LGSP adapter).

Source: ``docs/portal.md`` and the shared domain note (OpenCPS ``DVCQGIntegrationActionImpl``);
no official document is public, so every service name is a constant here and every URL/path
is configuration. Dates are ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh, "" when unknown.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_RE = re.compile(r"^\d{14}$")

S_SYNC = "DongBoHoSoMC"
S_PROGRESS = "CapNhatTienDoHoSoMC"
S_LOOKUP = "TraCuuHoSo"
S_LIST = "LayDanhSachTTHC"
S_PROCEDURE = "LayThuTuc"
SERVICES = (S_SYNC, S_PROGRESS, S_LOOKUP, S_LIST, S_PROCEDURE)

DOSSIER_FIELDS = (
    "MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "ChuHoSo", "LoaiDoiTuong",
    "MaDoiTuong", "ThongTinKhac", "Email", "Fax", "SoDienThoai", "TrichYeuHoSo",
    "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "NgayTra", "ThongTinTra", "HinhThuc",
    "NgayKetThucXuLy", "DonViXuLy", "GhiChu", "TaiLieuNop", "DanhSachLePhi",
    "DanhSachTepDinhKemKhac", "DanhSachHoSoBoSung", "DanhSachGiayToKetQua")
DOSSIER_DATES = ("NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy")
DOSSIER_LISTS = ("TaiLieuNop", "DanhSachLePhi", "DanhSachTepDinhKemKhac",
                 "DanhSachHoSoBoSung", "DanhSachGiayToKetQua")
PROGRESS_FIELDS = ("MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy",
                   "NoiDungXuLy", "TrangThai", "NgayBatDau", "NgayKetThucTheoQuyDinh")
PROGRESS_DATES = ("ThoiDiemXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh")


def fmt_date(value: datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam time ("" for None)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.astimezone(VN).strftime("%Y%m%d%H%M%S")


def valid_date(text: Any, required: bool = False) -> bool:
    """Whether ``text`` is a real ``yyyyMMddHHmmss`` date (or "" when not required)."""
    if text == "" and not required:
        return True
    if not isinstance(text, str) or not DATE_RE.match(text):
        return False
    try:
        datetime.strptime(text, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def success(answer: Any) -> bool:
    """``error_code`` 0 or "00" (or "0")."""
    return isinstance(answer, dict) and answer.get("error_code") in (0, "0", "00")


def digest(obj: Any) -> str:
    """SHA-256 of the canonical JSON of what was sent (the ledger keeps this, not the data)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
