"""PDF renderings of the period report (A4 landscape) and the morning briefing (A4 portrait).

Drawn with reportlab platypus in the bundled Be Vietnam Pro faces (registered by
:func:`onestop.printing.fonts.ensure_fonts`); all text is NFC so marks sit on their letters.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from onestop.printing.fonts import BOLD, ITALIC, REGULAR, ensure_fonts
from onestop.services.reports.layout import (
    COLUMNS, DECIMAL_INDEXES, SATISFACTION_HEAD, SATISFACTION_TITLE, TITLE, local_text, notes,
    party_sections, period_line, row_values, satisfaction_rows, table_rows, vn_number,
)
from onestop.services.reports.types import Briefing, PeriodReport, ReportHeading, UrgentList

BRIEFING_TITLE = "BÁO CÁO ĐẦU NGÀY"
#: Rows of each briefing list printed before "… và N hồ sơ khác".
BRIEFING_ROWS = 40


def _style(size: float, font: str = REGULAR, align: int = 0, leading: float = 0) -> ParagraphStyle:
    ensure_fonts()  # paragraph styles resolve their face at once: register first
    return ParagraphStyle("s", fontName=font, fontSize=size, leading=leading or size * 1.25,
                          alignment=align)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(unicodedata.normalize("NFC", text)), style)


def _pdf(story: list[Flowable], pagesize: tuple[float, float], title: str) -> bytes:
    ensure_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title,
                            author="OneStop Desk")
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()


def _page_number(canv: Any, doc: Any) -> None:
    canv.saveState()
    canv.setFont(REGULAR, 8)
    canv.drawRightString(doc.pagesize[0] - 12 * mm, 6 * mm, f"Trang {doc.page}")
    canv.restoreState()


def _heading(agency: ReportHeading, title: str, lines: Sequence[str]) -> list[Flowable]:
    out: list[Flowable] = []
    for text in (agency.parent_name, agency.name):
        if text:
            out.append(_p(text.upper(), _style(10, BOLD)))
    out.append(Spacer(1, 4 * mm))
    out.append(_p(title, _style(14, BOLD, align=1)))
    out.extend(_p(line, _style(10, ITALIC, align=1)) for line in lines)
    out.append(Spacer(1, 4 * mm))
    return out


_GRID = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
         ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
         ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]


# --- period report ------------------------------------------------------------------------

def period_pdf(report: PeriodReport, agency: ReportHeading) -> bytes:
    """The period report as a landscape A4 PDF (header rows repeat on every page), then the
    per-agency and per-unit sections when the scope holds several (issue 14)."""
    table = _period_table(table_rows(report))
    lines = [period_line(report), f"Số liệu tính đến {local_text(report.as_of)}"]
    story = [*_heading(agency, TITLE, lines), table, *_party_section(report), Spacer(1, 3 * mm),
             *[_p(n, _style(7.5, ITALIC)) for n in notes(report)],
             *_satisfaction_section(report)]
    return _pdf(story, landscape(A4), TITLE)


def _period_table(lines: list[tuple[str, str, str, list[Any], str]],
                  heads: tuple[str, str] | None = None) -> Table:
    """The report's grid: two header rows (:data:`COLUMNS`; ``heads`` renames the name and
    code columns), then one line per (STT, label, code, values, style)."""
    head = _style(7.5, BOLD, align=1)
    cell, cell_b, num, num_b = (_style(7.5), _style(7.5, BOLD), _style(7.5, align=1),
                                _style(7.5, BOLD, align=1))
    columns = list(COLUMNS)
    if heads:  # an identity code (000.00.15.H36) is longer than a procedure code
        moved = 8
        columns[1] = (None, heads[0], columns[1][2] - moved)
        columns[2] = (None, heads[1], columns[2][2] + moved)
    groups = [_p(g or h, head) for g, h, _w in columns]
    subs = [_p(h if g else "", head) for g, h, _w in columns]
    data: list[list[Any]] = [groups, subs]
    for stt, label, code, values, style in lines:
        bold = style != "procedure"
        texts = [_fmt(v, i) for i, v in enumerate(values)]
        data.append([_p(stt, num_b if bold else num), _p(label, cell_b if bold else cell),
                     _p(code, num), *[_p(t, num_b if bold else num) for t in texts]])
    units = sum(w for _g, _h, w in columns)
    widths = [(landscape(A4)[0] - 24 * mm) * w / units for _g, _h, w in columns]
    table = Table(data, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle([*_GRID, *_header_spans(), ("BACKGROUND", (0, 0), (-1, 1),
                                                           colors.HexColor("#DDE7F0"))]))
    return table


def _party_section(report: PeriodReport) -> list[Flowable]:
    """One table per grouping (handling agencies, receiving units) with the report's columns,
    as the xlsx sheet "Theo cơ quan, đơn vị" has them; nothing at a single-agency desk."""
    out: list[Flowable] = []
    for title, name_head, rows in party_sections(report):
        lines = [(str(i), r.label, r.key, row_values(r), "procedure")
                 for i, r in enumerate(rows, start=1)]
        out += [Spacer(1, 5 * mm), _p(f"Số liệu {title[0].lower()}{title[1:]}", _style(9, BOLD)),
                Spacer(1, 2 * mm), _period_table(lines, (name_head, "Mã định danh"))]
    return out


def _satisfaction_section(report: PeriodReport) -> list[Flowable]:
    """The ratings of the returned dossiers (services.satisfaction), after the main table."""
    rows = satisfaction_rows(report)
    if not rows:
        return []
    head, cell, cell_b, num = (_style(7.5, BOLD, align=1), _style(7.5), _style(7.5, BOLD),
                               _style(7.5, align=1))
    data: list[list[Any]] = [[_p(h, head) for h in SATISFACTION_HEAD]]
    for style, values in rows:
        label, *nums = values
        data.append([_p(label, cell if style == "row" else cell_b),
                     *[_p("" if v is None else vn_number(v, 1 if i == 4 else 0), num)
                       for i, v in enumerate(nums)]])
    width = landscape(A4)[0] - 24 * mm
    table = Table(data, colWidths=[width * 0.5] + [width * 0.1] * 5, repeatRows=1)
    table.setStyle(TableStyle([*_GRID, ("BACKGROUND", (0, 0), (-1, 0),
                                        colors.HexColor("#DDE7F0"))]))
    return [Spacer(1, 5 * mm), _p(SATISFACTION_TITLE, _style(9, BOLD)), Spacer(1, 2 * mm),
            table]


def _fmt(value: Any, index: int) -> str:
    """Numbers as printed: counts with a thousands dot, rate and mean with one decimal."""
    return vn_number(value, 1 if index in DECIMAL_INDEXES else 0)


def _header_spans() -> list[tuple[Any, ...]]:
    """Spans of the two header rows: a group over its columns, a lone heading over both."""
    spans: list[tuple[Any, ...]] = []
    col = 0
    while col < len(COLUMNS):
        group = COLUMNS[col][0]
        end = col
        while group and end + 1 < len(COLUMNS) and COLUMNS[end + 1][0] == group:
            end += 1
        spans.append(("SPAN", (col, 0), (end, 0)) if group else ("SPAN", (col, 0), (col, 1)))
        col = end + 1
    return spans


# --- morning briefing ---------------------------------------------------------------------

def briefing_pdf(b: Briefing, agency: ReportHeading) -> bytes:
    """The morning briefing as a portrait A4 PDF."""
    rate = b.month_rate
    nd = b.next_day.strftime("%d/%m/%Y")
    month = b.month_period.date_from.strftime("%m/%Y")
    summary = [
        ("Hồ sơ đến hạn hôm nay", vn_number(b.due_today.total.value)),
        (f"Hồ sơ đến hạn ngày làm việc tiếp theo ({nd})", vn_number(b.due_next_day.total.value)),
        ("Hồ sơ quá hạn đang giải quyết", vn_number(b.overdue.total.value)),
        (f"Hồ sơ chờ bổ sung quá {b.paused_days} ngày làm việc",
         vn_number(b.paused_long.total.value)),
        (f"Tỷ lệ giải quyết đúng hạn tháng {month}",
         f"{vn_number(rate.percent, 1)} % ({vn_number(rate.numerator)}/"
         f"{vn_number(rate.denominator)} hồ sơ)" if rate.percent is not None else "–"),
    ]
    story = _heading(agency, BRIEFING_TITLE, [f"Lúc {local_text(b.now)}"])
    story.append(_kv_table(summary))
    story += _list_section("1. Hồ sơ đến hạn hôm nay", b.due_today, "Hạn giải quyết")
    story += _list_section(f"2. Hồ sơ đến hạn ngày làm việc tiếp theo ({nd})",
                           b.due_next_day, "Hạn giải quyết")
    story += _groups_section(b)
    story += _list_section(f"4. Hồ sơ chờ bổ sung quá {b.paused_days} ngày làm việc",
                           b.paused_long, "Chờ từ")
    return _pdf(story, A4, BRIEFING_TITLE)


def _kv_table(rows: list[tuple[str, str]]) -> Table:
    data = [[_p(k, _style(10)), _p(v, _style(10, BOLD, align=2))] for k, v in rows]
    t = Table(data, colWidths=[120 * mm, 60 * mm])
    t.setStyle(TableStyle(_GRID))
    return t


def _section_title(text: str) -> list[Flowable]:
    return [Spacer(1, 5 * mm), _p(text, _style(11, BOLD)), Spacer(1, 2 * mm)]


def _list_section(title: str, lst: UrgentList, when_label: str) -> list[Flowable]:
    out = _section_title(f"{title}: {vn_number(lst.total.value)} hồ sơ")
    if not lst.rows:
        return [*out, _p("Không có hồ sơ.", _style(9, ITALIC))]
    head = _style(8, BOLD, align=1)
    cells = _style(8)
    data: list[list[Any]] = [[_p(h, head) for h in (
        "STT", "Mã hồ sơ", "Người nộp", "Thủ tục", "Phòng xử lý", "Cán bộ", when_label)]]
    for i, r in enumerate(lst.rows[:BRIEFING_ROWS], start=1):
        moment = r.paused_since if lst.kind == "paused" else r.sla_due_at
        data.append([_p(str(i), cells), _p(r.code, cells), _p(r.applicant_name, cells),
                     _p(r.procedure_name, cells), _p(r.department, cells),
                     _p(r.officer, cells), _p(local_text(moment) if moment else "–", cells)])
    # the code never wraps: its column fits the longest code, the procedure takes the rest
    code_w = max(stringWidth(r.code, REGULAR, 8) for r in lst.rows) + 6
    fixed = [8 * mm, code_w, 28 * mm, 0.0, 23 * mm, 16 * mm, 24 * mm]
    fixed[3] = A4[0] - 24 * mm - sum(fixed)
    t = Table(data, colWidths=fixed, repeatRows=1)
    t.setStyle(TableStyle(_GRID))
    out.append(t)
    rest = lst.total.value - min(len(lst.rows), BRIEFING_ROWS)
    if rest > 0:
        out.append(_p(f"… và {vn_number(rest)} hồ sơ khác.", _style(8, ITALIC)))
    return out


def _groups_section(b: Briefing) -> list[Flowable]:
    out = _section_title(f"3. Hồ sơ quá hạn theo phòng xử lý, cán bộ: "
                         f"{vn_number(b.overdue.total.value)} hồ sơ")
    if not b.overdue_groups:
        return [*out, _p("Không có hồ sơ quá hạn.", _style(9, ITALIC))]
    head, cells, nums = _style(8, BOLD, align=1), _style(8), _style(8, align=2)
    data: list[list[Any]] = [[_p(h, head) for h in ("Phòng xử lý", "Cán bộ tiếp nhận",
                                                     "Số hồ sơ quá hạn")]]
    for g in b.overdue_groups:
        data.append([_p(g.department or "–", cells), _p(g.officer, cells),
                     _p(vn_number(g.metric.value), nums)])
    t = Table(data, colWidths=[80 * mm, 50 * mm, 40 * mm], repeatRows=1)
    t.setStyle(TableStyle(_GRID))
    return [*out, KeepTogether(t) if len(data) < 25 else t]

