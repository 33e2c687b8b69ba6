"""Cài đặt (admin): agency and counter, calendar, catalogue, printing, this PC's system settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from onestop.domain import codes
from onestop.services.dto import AgencyInfo
from onestop.services.install import setup
from onestop.ui.preferences import Preferences
from onestop.ui.session import UserSession
from onestop.ui.settings.calendar import CalendarPage
from onestop.ui.settings.catalogue import CataloguePage
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, error_label, role_label
from onestop.ui.settings.agencies import AgenciesPage

#: Longest prefix or suffix a scanner is set up to add (they are a few characters).
MAX_AFFIX = 8
#: Agency text fields in form order (services.setup.AGENCY_FIELDS).
AGENCY_TEXT = ("name", "parent_name", "unit_name", "address", "phone", "place_name")


class SettingsView(QTabWidget):
    """The admin's settings, one tab per subject.

    Signals:
        sig_counter_changed(int): this PC became another counter.
    """

    sig_counter_changed = Signal(int)

    def __init__(self, session: UserSession, runner: TaskRunner, prefs: Preferences,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agency_page = AgencyPage(session, runner)

        self.agency_page.sig_counter_changed.connect(self.sig_counter_changed)
        self.calendar_page = CalendarPage(session, runner)
        self.catalogue_page = CataloguePage(session, runner)
        self.printing_page = PrintingPage(prefs)
        self.system_page = SystemPage(prefs)
        self.addTab(_narrow(self.agency_page), self.tr("Cơ quan và quầy"))

        self.agencies_page = AgenciesPage(session, runner)
        self.addTab(self.agencies_page, self.tr("Đơn vị, cơ quan giải quyết"))
        self.addTab(self.calendar_page, self.tr("Lịch nghỉ, làm bù"))
        self.addTab(self.catalogue_page, self.tr("Danh mục thủ tục"))
        self.addTab(_narrow(self.printing_page), self.tr("Máy in, mẫu biên nhận"))
        self.addTab(_narrow(self.system_page), self.tr("Hệ thống"))


class AgencyPage(QWidget):
    """Agency identity and names, counter number, office hours and the due-soon window.

    Signals:
        sig_counter_changed(int): the counter number was saved.
    """

    sig_counter_changed = Signal(int)

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        self._loaded: AgencyInfo | None = None
        lay = QVBoxLayout(self)
        self.general = error_label()
        lay.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setReadOnly(True)
        form.addRow(self.tr("Mã định danh cơ quan"), self.code)
        captions = (self.tr("Tên cơ quan"), self.tr("Cơ quan chủ quản"), self.tr("Tên bộ phận"),
                    self.tr("Địa chỉ trả kết quả"), self.tr("Điện thoại"),
                    self.tr("Địa danh (dòng ngày tháng)"))
        self.texts: dict[str, QLineEdit] = {}
        for key, caption in zip(AGENCY_TEXT, captions):
            self.texts[key] = QLineEdit()
            self.errors.row(form, key, caption, self.texts[key])
        self.counter = QSpinBox()
        self.counter.setRange(1, codes.MAX_COUNTER)
        self.errors.row(form, "counter", self.tr("Số quầy của máy này"), self.counter)
        self.office_start, self.office_end = QTimeEdit(), QTimeEdit()
        for edit in (self.office_start, self.office_end):
            edit.setDisplayFormat("HH:mm")
        self.errors.row(form, "office_start", self.tr("Giờ bắt đầu làm việc"), self.office_start)
        self.errors.row(form, "office_end", self.tr("Giờ kết thúc làm việc"), self.office_end)
        self.after_hours = QComboBox()
        self.after_hours.setObjectName("after_hours")
        self.after_hours.addItem(self.tr("Tính từ ngày làm việc tiếp theo, lúc bắt đầu giờ "
                                         "làm việc"), "next-working-day")
        self.after_hours.addItem(self.tr("Tính từ ngày tiếp nhận (hẹn lúc hết giờ làm việc)"),
                                 "same-day")
        self.errors.row(form, "after_hours", self.tr("Nhận hồ sơ sau giờ làm việc"),
                        self.after_hours)
        self.due_soon = QSpinBox()
        self.due_soon.setRange(0, 10)
        self.errors.row(form, "due_soon_days", self.tr("Cảnh báo sắp đến hạn (ngày làm việc)"),
                        self.due_soon)
        self.portal_hours = QSpinBox()
        self.portal_hours.setObjectName("portal_ack_hours")
        self.portal_hours.setRange(1, 720)
        self.errors.row(form, "portal_ack_hours",
                        self.tr("Báo hồ sơ chưa được Cổng DVCQG nhận sau (giờ)"), self.portal_hours)
        lay.addLayout(form)
        self.save_button = QPushButton(self.tr("Lưu"))
        self.save_button.setEnabled(False)  # until the current values are loaded
        self.save_button.clicked.connect(self.save)
        lay.addWidget(self.save_button)
        self.saved = role_label("", "muted")
        lay.addWidget(self.saved)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        ctx = self._session.ctx
        Op(self._runner, lambda: setup.agency_info(ctx)).success(self._on_loaded) \
            .run_in_background()

    def _on_loaded(self, info: AgencyInfo) -> None:
        self._loaded = info
        self.save_button.setEnabled(True)
        self.code.setText(info.code)
        for key, edit in self.texts.items():
            edit.setText(getattr(info, key) or "")
        self.counter.setValue(info.counter)
        s = info.settings
        self.office_start.setTime(QTime.fromString(s["office_start"], "HH:mm"))
        self.office_end.setTime(QTime.fromString(s["office_end"], "HH:mm"))
        self.due_soon.setValue(int(s["due_soon_days"]))
        self.portal_hours.setValue(int(s.get("portal_ack_hours", 24)))
        _select(self.after_hours, s.get("after_hours", "next-working-day"))

    def changes(self) -> dict[str, Any]:
        """The fields that differ from what was loaded."""
        loaded = self._loaded
        out: dict[str, Any] = {k: e.text() for k, e in self.texts.items()
                               if e.text() != ((getattr(loaded, k) if loaded else "") or "")}
        s = loaded.settings if loaded else {}
        hours = {"office_start": self.office_start.time().toString("HH:mm"),
                 "office_end": self.office_end.time().toString("HH:mm"),
                 "due_soon_days": self.due_soon.value(),
                 "portal_ack_hours": self.portal_hours.value(),
                 "after_hours": str(self.after_hours.currentData())}
        out.update({k: v for k, v in hours.items() if v != s.get(k)})
        return out

    def save(self) -> None:
        ctx, changes, counter = self._session.ctx, self.changes(), self.counter.value()
        counter_changed = counter != (self._loaded.counter if self._loaded else counter)

        def work() -> AgencyInfo:
            if counter_changed:
                setup.set_counter(ctx, counter)
            return setup.update_agency(ctx, **changes) if changes else setup.agency_info(ctx)

        self.errors.clear()
        Op(self._runner, work, write=True, changes={"agency"}) \
            .success(lambda info: self._on_saved(info, counter_changed)) \
            .failure(self.errors.show).run_in_background()

    def _on_saved(self, info: AgencyInfo, counter_changed: bool) -> None:
        self._on_loaded(info)
        self.saved.setText(self.tr("Đã lưu."))
        if counter_changed:
            self.sig_counter_changed.emit(info.counter)


class PrintingPage(QWidget):
    """Printer and receipt layout of this PC (settings file)."""

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtPrintSupport import QPrinterInfo

        self._prefs = prefs
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.printer = QComboBox()
        self.printer.addItem(self.tr("Máy in mặc định"), "")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        _select(self.printer, prefs.get("printing.printer"))
        self.layout_box = QComboBox()
        self.layout_box.addItem(self.tr("Khổ A4 (2 liên)"), "a4")
        self.layout_box.addItem(self.tr("Giấy in nhiệt 80 mm"), "k80")
        _select(self.layout_box, prefs.get("printing.receipt_layout"))
        self.auto_print = QCheckBox(self.tr("In biên nhận ngay khi lưu (không xem trước)"))
        self.auto_print.setChecked(bool(prefs.get("printing.auto_print")))
        form.addRow(self.tr("Máy in"), self.printer)
        form.addRow(self.tr("Mẫu biên nhận"), self.layout_box)
        form.addRow("", self.auto_print)
        lay.addLayout(form)
        save = QPushButton(self.tr("Lưu"))
        save.clicked.connect(self.save)
        lay.addWidget(save)
        self.saved = role_label("", "muted")
        lay.addWidget(self.saved)
        lay.addStretch(1)

    def save(self) -> None:
        self._prefs.update({"printing.printer": self.printer.currentData() or "",
                            "printing.receipt_layout": self.layout_box.currentData(),
                            "printing.auto_print": self.auto_print.isChecked()})
        self.saved.setText(self.tr("Đã lưu."))


class SystemPage(QWidget):
    """Language, idle lock, database and central server of this PC (settings file)."""

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prefs = prefs
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        _select(self.language, prefs.get("ui.language"))
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(self.tr(" phút"))
        self.idle.setSpecialValueText(self.tr("Không tự khoá"))
        self.idle.setValue(int(prefs.get("ui.idle_lock_minutes")))
        self.database = QLineEdit(str(prefs.get("database.url")))
        self.database.setPlaceholderText(self.tr("để trống: tệp SQLite trên máy này"))
        self.central = QLineEdit(str(prefs.get("central.url")))
        self.central.setPlaceholderText("postgresql+psycopg://user@host/onestop")
        self.scanner_prefix, self.scanner_suffix = QLineEdit(), QLineEdit()
        for edit, key in ((self.scanner_prefix, "scanner.prefix"),
                          (self.scanner_suffix, "scanner.suffix")):
            edit.setText(str(prefs.get(key)))
            edit.setMaxLength(MAX_AFFIX)
            edit.setPlaceholderText(self.tr("không có"))
        form.addRow(self.tr("Ngôn ngữ"), self.language)
        form.addRow(self.tr("Tự khoá màn hình sau"), self.idle)
        form.addRow(self.tr("Cơ sở dữ liệu"), self.database)
        form.addRow(self.tr("Máy chủ trung tâm (đồng bộ)"), self.central)
        form.addRow(self.tr("Máy quét mã: ký tự đầu mã"), self.scanner_prefix)
        form.addRow(self.tr("Máy quét mã: ký tự cuối mã"), self.scanner_suffix)
        lay.addLayout(form)
        lay.addWidget(role_label(self.tr("Máy quét mã vạch kiểu bàn phím USB, kết thúc mã bằng "
                                         "Enter (CR) hoặc Tab; ký tự đầu/cuối chỉ cần khi máy "
                                         "quét được cài thêm chúng."), "muted"))
        lay.addWidget(role_label(self.tr("Ngôn ngữ và cơ sở dữ liệu có hiệu lực khi mở lại "
                                         "chương trình."), "muted"))
        save = QPushButton(self.tr("Lưu"))
        save.clicked.connect(self.save)
        lay.addWidget(save)
        self.saved = role_label("", "muted")
        lay.addWidget(self.saved)
        lay.addStretch(1)

    def save(self) -> None:
        self._prefs.update({"ui.language": self.language.currentData(),
                            "ui.idle_lock_minutes": self.idle.value(),
                            "database.url": self.database.text().strip(),
                            "central.url": self.central.text().strip(),
                            "scanner.prefix": self.scanner_prefix.text(),
                            "scanner.suffix": self.scanner_suffix.text()})
        self.saved.setText(self.tr("Đã lưu."))


def _narrow(page: QWidget, width: int = 860) -> QWidget:
    """A form page at a readable width, left-aligned in its tab."""
    holder = QWidget()
    lay = QHBoxLayout(holder)
    lay.setContentsMargins(0, 0, 0, 0)
    page.setMaximumWidth(width)
    lay.addWidget(page)
    lay.addStretch(1)
    return holder


def _select(box: QComboBox, data: Any) -> None:
    index = box.findData(data)
    if index >= 0:
        box.setCurrentIndex(index)
