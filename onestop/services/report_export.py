"""Exports of the reports: the statutory period report as .xlsx (openpyxl) and PDF, the
morning briefing as PDF (see :mod:`onestop.services.report_pdf`).

The layout of the period report follows the provincial one-stop statistics (intake: carried
over and received; finished: early, on time, late; in progress: on track, overdue; paused;
refused or withdrawn; stopped; on-time rate per QĐ 766/QĐ-TTg; average processing time). The exact
official column set is not published [U in rules.md §2], so the headings are plain
Vietnamese and every number has the meaning given in :mod:`onestop.services.reports`.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from onestop.domain import messages
from onestop.domain.calendar import VN_TZ
from onestop.services.report_types import Briefing, PeriodReport, PeriodRow

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
)
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
            rate, None if mean is None else round(mean, 1)]


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


# --- xlsx ---------------------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
_FIELD_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ROW = 6  # first of the two header rows; data starts two rows below


def period_xlsx(report: PeriodReport, agency: dict[str, Any]) -> bytes:
    """The period report as an .xlsx workbook (sheet "Báo cáo" + "Kênh tiếp nhận")."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Báo cáo"
    _sheet_top(ws, report, agency)
    _sheet_header(ws)
    last = _sheet_body(ws, report)
    for i, note in enumerate(NOTES):
        cell = ws.cell(row=last + 2 + i, column=1, value=note)
        cell.font = Font(italic=True, size=9)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 2, column=4)
    ws.print_options.horizontalCentered = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    _channel_sheet(wb, report)
    _satisfaction_sheet(wb, report)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_top(ws: Worksheet, report: PeriodReport, agency: dict[str, Any]) -> None:
    width = len(COLUMNS)
    lines = [(agency.get("parent_name", "") or "").upper(), (agency.get("name", "") or "").upper(),
             TITLE, period_line(report), f"Số liệu tính đến {local_text(report.as_of)}"]
    for i, text in enumerate(lines, start=1):
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        cell = ws.cell(row=i, column=1, value=text)
        cell.font = Font(bold=i <= 3, size=14 if i == 3 else 11, italic=i >= 4)
        cell.alignment = Alignment(horizontal="left" if i <= 2 else "center")


def _sheet_header(ws: Worksheet) -> None:
    top, sub = HEADER_ROW, HEADER_ROW + 1
    col = 1
    while col <= len(COLUMNS):
        group = COLUMNS[col - 1][0]
        span = 1
        while group and col + span <= len(COLUMNS) and COLUMNS[col + span - 1][0] == group:
            span += 1
        if group:
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
            ws.cell(row=top, column=col, value=group)
            for k in range(span):
                ws.cell(row=sub, column=col + k, value=COLUMNS[col + k - 1][1])
        else:
            ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
            ws.cell(row=top, column=col, value=COLUMNS[col - 1][1])
        col += span
    for c, (_g, _h, w) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
        for r in (top, sub):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.alignment, cell.border, cell.fill = (
                Font(bold=True, size=10), _CENTER, _BORDER, _HEAD_FILL)
    ws.row_dimensions[sub].height = 48


def _sheet_body(ws: Worksheet, report: PeriodReport) -> int:
    row = HEADER_ROW + 2
    for stt, label, code, values, style in table_rows(report):
        cells = [stt, label, code, *values]
        for c, value in enumerate(cells, start=1):
            cell = ws.cell(row=row, column=c, value=value)
            cell.border = _BORDER
            cell.font = Font(bold=style != "procedure", size=10)
            if c == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(horizontal="center", vertical="top")
            if c >= len(cells) - 1:  # on-time rate and mean processing time
                cell.number_format = "0.0"
            elif c > 3:
                cell.number_format = "#,##0"
            if style == "field":
                cell.fill = _FIELD_FILL
        row += 1
    return row - 1


def _channel_sheet(wb: Workbook, report: PeriodReport) -> None:
    ws = wb.create_sheet("Kênh tiếp nhận")
    ws.append(["Hình thức nộp hồ sơ", "Số hồ sơ tiếp nhận trong kỳ"])
    for c in (1, 2):
        ws.cell(row=1, column=c).font = Font(bold=True)
    for channel, metric in report.by_channel.items():
        ws.append([messages.token_label(channel, messages.CHANNEL_LABELS), metric.value])
    ws.append(["Tổng cộng", report.total["received"]])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 26


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


def _satisfaction_sheet(wb: Workbook, report: PeriodReport) -> None:
    ws = wb.create_sheet("Hài lòng")
    ws.append([SATISFACTION_TITLE])
    ws.cell(row=1, column=1).font = Font(bold=True)
    ws.append(list(SATISFACTION_HEAD))
    for c in range(1, len(SATISFACTION_HEAD) + 1):
        ws.cell(row=2, column=c).font = Font(bold=True)
    for style, values in satisfaction_rows(report):
        ws.append(values)
        if style != "row":
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 60
    for col in "BCDEF":
        ws.column_dimensions[col].width = 16


# --- dispatch -----------------------------------------------------------------------------

#: Which formats each exportable report has.
EXPORT_FORMATS = {"period": ("xlsx", "pdf"), "briefing": ("pdf",)}


def export(ctx: Any, kind: str, fmt: str, period: Any = None, rf: Any = None,
           now: datetime | None = None, paused_days: int | None = None,
           target: str = "") -> bytes:
    """Compute a report, render it and audit the export (one call for the CLI and the GUI).

    Args:
        kind: "period" (xlsx or pdf) or "briefing" (pdf).
        fmt: "xlsx" or "pdf".
        period: the period (default: the current month).
        rf: a ReportFilter (default: everything).
        now: the instant of the report (default: the context's clock).
        paused_days: the briefing's "paused longer than" threshold in working days.
        target: the file name, recorded in the audit log.

    Raises:
        ValidationError: unknown kind or a format the report does not have.
        Forbidden: the acting user may not see or export reports.
    """
    from onestop.domain import validation as v
    from onestop.services import reports

    kind = v.choice(kind, "kind", tuple(EXPORT_FORMATS))
    fmt = v.choice(fmt, "file", EXPORT_FORMATS[kind])
    rf = rf or reports.ReportFilter()
    result: PeriodReport | Briefing
    if kind == "period":
        result = reports.period_report(ctx, period, rf, now)
    else:
        days = reports.PAUSED_DAYS if paused_days is None else paused_days
        result = reports.briefing(ctx, rf, now, paused_days=days)
    data = render(ctx, result, fmt)
    reports.record_export(ctx, kind, fmt, target)
    return data


def render(ctx: Any, result: PeriodReport | Briefing, fmt: str) -> bytes:
    """The bytes of ``result`` in ``fmt`` ("xlsx" or "pdf"), headed by this agency."""
    from onestop.services import report_pdf

    agency = _agency(ctx)
    if isinstance(result, PeriodReport):
        return period_xlsx(result, agency) if fmt == "xlsx" else report_pdf.period_pdf(
            result, agency)
    return report_pdf.briefing_pdf(result, agency)


def _agency(ctx: Any) -> dict[str, Any]:
    from onestop.services import setup
    from onestop.services.errors import Unavailable

    try:
        return setup.agency_info(ctx)
    except Unavailable:  # an uninitialised database still exports, with a blank heading
        return {}
