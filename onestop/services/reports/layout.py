"""The layout shared by the period report's renderers (:mod:`.export` for xlsx, :mod:`.pdf`):
title, columns, notes, the table's rows and the Vietnamese number and time text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from onestop.domain.calendar import VN_TZ
from onestop.services.reports.types import PeriodReport, PeriodRow

TITLE = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
TOTAL_LABEL = "TỔNG CỘNG"
#: (group heading or None, column heading, width) — the two header rows of the table.
COLUMNS: tuple[tuple[str | None, str, float], ...] = (
    (None, "STT", 6),
    (None, "Lĩnh vực, thủ tục hành chính", 48),
    (None, "Mã thủ tục", 12),
    ("Số hồ sơ nhận giải quyết", "Tổng số", 10),
    ("Số hồ sơ nhận giải quyết", "Tồn kỳ trước", 10),
    ("Số hồ sơ nhận giải quyết", "Tiếp nhận trong kỳ", 11),
    ("Số hồ sơ đã giải quyết", "Tổng số", 10),
    ("Số hồ sơ đã giải quyết", "Trước hạn", 10),
    ("Số hồ sơ đã giải quyết", "Đúng hạn", 10),
    ("Số hồ sơ đã giải quyết", "Quá hạn", 10),
    ("Số hồ sơ đang giải quyết", "Tổng số", 10),
    ("Số hồ sơ đang giải quyết", "Trong hạn", 10),
    ("Số hồ sơ đang giải quyết", "Quá hạn", 10),
    (None, "Chờ bổ sung", 10),
    (None, "Từ chối, rút hồ sơ", 11),
    (None, "Dừng giải quyết", 10),
    (None, "Tỷ lệ đúng hạn (%)", 10),
    (None, "Thời gian giải quyết trung bình (ngày làm việc)", 14),
    (None, "Chưa đồng bộ Cổng DVCQG", 11),
)
#: Index (in :func:`row_values`) of the portal column (issue 17): "–" without portal data.
PORTAL_INDEX = 15
#: Index (in :func:`row_values`) of the values printed with one decimal: rate and mean days.
DECIMAL_INDEXES = (13, 14)
NOTES = (
    ("Ghi chú: Tồn kỳ trước = hồ sơ tiếp nhận trước kỳ, chưa có kết quả khi bắt đầu kỳ. "
     "Đang giải quyết = chưa có kết quả khi hết kỳ (tính đến thời điểm lập báo cáo nếu kỳ "
     "chưa kết thúc); hồ sơ hẹn lại ngày trả được tính quá hạn."),
    ("Hồ sơ của thủ tục không quy định thời hạn được tính trong các cột Tổng số nhưng không "
     "thuộc các cột Trước hạn, Đúng hạn, Quá hạn, Trong hạn."),
    ("Tỷ lệ đúng hạn = (trước hạn + đúng hạn) / (trước hạn + đúng hạn + quá hạn) của hồ sơ "
     "đã giải quyết trong kỳ (Quyết định 766/QĐ-TTg). Thời gian giải quyết tính theo ngày "
     "làm việc, không kể ngày tiếp nhận."),
)


PORTAL_NOTES = {
    "central": ("Chưa đồng bộ Cổng DVCQG = hồ sơ tiếp nhận trong kỳ mà Cổng Dịch vụ công quốc "
                "gia chưa xác nhận đã nhận (chưa gửi, đang chờ, lỗi hoặc cần xử lý), theo sổ "
                "ghi đồng bộ của máy chủ trung tâm tại thời điểm tính số liệu."),
    "counter": ("Chưa đồng bộ Cổng DVCQG = hồ sơ tiếp nhận trong kỳ mà Cổng Dịch vụ công quốc "
                "gia chưa xác nhận đã nhận (chưa gửi, đang chờ, lỗi hoặc cần xử lý), theo trạng "
                "thái nhận từ máy chủ trung tâm ở lần đồng bộ gần nhất (không tính lùi về "
                "thời điểm kết thúc kỳ)."),
    None: ("Cột Chưa đồng bộ Cổng DVCQG để trống (–): cơ sở dữ liệu này chưa có thông tin nào "
           "về Cổng DVCQG (chưa cấu hình kết nối Cổng, hoặc máy chưa nhận trạng thái nào khi "
           "đồng bộ với máy chủ trung tâm)."),
}


def notes(report: PeriodReport) -> tuple[str, ...]:
    """The notes under the table: the definitions, then what the portal column means here."""
    return (*NOTES, PORTAL_NOTES[report.portal])


#: The per-agency and per-unit sections (issue 14): (attribute, title, name heading).
PARTY_SECTIONS = (("agencies", "Theo cơ quan giải quyết", "Cơ quan giải quyết"),
                  ("units", "Theo đơn vị tiếp nhận", "Đơn vị tiếp nhận"))


def party_sections(report: PeriodReport) -> list[tuple[str, str, list[PeriodRow]]]:
    """(title, name heading, rows) of each grouping the report has (more than one agency or
    unit in scope; none at a single-agency desk)."""
    return [(title, head, list(getattr(report, attr)))
            for attr, title, head in PARTY_SECTIONS if getattr(report, attr)]


def vn_number(value: float | None, decimals: int = 0) -> str:
    """Vietnamese number text: ``1.234``, ``40,5``; an en dash for None."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def local_text(moment: datetime) -> str:
    """``hh:mm dd/mm/yyyy`` in agency time."""
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def period_line(report: PeriodReport) -> str:
    p = report.period
    return (f"Kỳ báo cáo: từ ngày {p.date_from.strftime('%d/%m/%Y')} đến ngày "
            f"{p.date_to.strftime('%d/%m/%Y')}")


def row_values(r: PeriodRow) -> list[Any]:
    """The numeric cells of a row, in :data:`COLUMNS` order from "Tổng số" on."""
    rate = r.on_time_rate.percent
    mean = r.processing.mean
    return [r.to_handle, r["carried_over"], r["received"],
            r.finished.value, r["finished_early"], r["finished_on_time"], r["finished_late"],
            r.in_progress.value, r["in_progress_on_track"], r["in_progress_overdue"],
            r["paused"], r.refused_withdrawn.value, r["stopped"],
            rate, None if mean is None else round(mean, 1),
            None if r.portal_pending is None else r.portal_pending.value]


def table_rows(report: PeriodReport) -> list[tuple[str, str, str, list[Any], str]]:
    """(STT, label, code, values, style) lines: the total, then each field and its
    procedures. Style is "total", "field" or "procedure"."""
    out = [("", TOTAL_LABEL, "", row_values(report.total), "total")]
    procs_by_field: dict[str, list[PeriodRow]] = {}
    for r in report.procedures:
        procs_by_field.setdefault(r.field, []).append(r)
    for i, f in enumerate(report.fields, start=1):
        out.append((_roman(i), f.label or "(Chưa phân lĩnh vực)", "", row_values(f), "field"))
        for j, r in enumerate(procs_by_field.get(f.key, []), start=1):
            out.append((str(j), r.label, r.key, row_values(r), "procedure"))
    return out


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


SATISFACTION_TITLE = "Mức độ hài lòng của người dân (hồ sơ trả kết quả trong kỳ)"
SATISFACTION_HEAD = ("Nhóm", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Số đánh giá",
                     "Tỷ lệ hài lòng (%)")
_LEVELS = (("by_procedure", "Theo thủ tục"), ("by_agency", "Theo cơ quan"),
           ("by_officer", "Theo cán bộ trả kết quả"))


def satisfaction_rows(report: PeriodReport) -> list[tuple[str, list[Any]]]:
    """(style, values) of the satisfaction table: total, then each group; no citizen named."""
    s = report.satisfaction
    if s is None:
        return []

    def values(label: str, r: Any) -> list[Any]:
        return [label, r.counts["very-satisfied"], r.counts["satisfied"],
                r.counts["dissatisfied"], r.total, r.satisfied_percent]

    out = [("total", values(TOTAL_LABEL, s.total))]
    for attr, title in _LEVELS:
        out.append(("group", [title, None, None, None, None, None]))
        for r in getattr(s, attr):
            label = f"{r.key} – {r.label}" if attr == "by_procedure" else (
                r.label or r.key)
            out.append(("row", values(label, r)))
    return out
