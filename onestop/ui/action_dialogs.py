"""One small dialog per dossier action; each asks for the fields the workflow requires.

The dialog only gathers text into an :class:`EventRequest` (or a correction) and runs it; the
service validates. On an error the dialog stays open with everything typed and the message
next to the field.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDateTime, QTimeZone, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onestop.domain import messages as m
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ
from onestop.domain.notices import RATINGS
from onestop.services.dto import DossierDTO
from onestop.services.processing import EventRequest, record
from onestop.services.reception import correct
from onestop.ui.messages import event_label, field_label, tr_core
from onestop.ui.notices import RatingWindow
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, dialog_buttons, error_label, role_label

#: Fields a correction may change (services.reception.CORRECTABLE), in form order.
CORRECTABLE = ("name", "id_number", "birth_date", "phone", "email", "address", "org", "sets",
               "notes", "channel")


class _Dialog(QDialog):
    """Shared shell: title, general error line, a form, OK/Cancel.

    Signals:
        sig_done(DossierDTO): the service accepted the action; the dialog closes.
    """

    sig_done = Signal(object)

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.lay = QVBoxLayout(self)
        self.general = error_label()
        self.general.setObjectName("action_general_error")
        self.lay.addWidget(self.general)
        self.errors = FieldErrors(self.general)
        self.form = QFormLayout()
        self.lay.addLayout(self.form)
        self.buttons = dialog_buttons(self, ok_text)
        self.buttons.accepted.connect(self.submit)

    def finish_layout(self) -> None:
        self.lay.addWidget(self.buttons)

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _run(self, op: Op[DossierDTO]) -> None:
        self.buttons.setEnabled(False)
        op.success(self._on_done).failure(self.errors.show) \
            .finally_(lambda: self.buttons.setEnabled(True)).run_in_background()

    def _on_done(self, d: DossierDTO) -> None:
        self.sig_done.emit(d)
        self.accept()


class EventDialog(_Dialog):
    """Record one workflow event (transfer, supplement, result, reschedule, return…)."""

    def __init__(self, kind: str, dossier: DossierDTO, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(event_label(kind), event_label(kind), parent)
        self.kind, self._dossier = kind, dossier
        self._session, self._runner = session, runner
        self.setObjectName(f"dialog_{kind}")
        self.lay.insertWidget(0, role_label(f"{dossier.code} — {dossier.applicant_name}", "muted"))
        self.inputs: dict[str, QWidget] = {}
        for key, caption, widget in self._fields():
            required = key in wf.REQUIRED_PAYLOAD.get(kind, ())
            self.inputs[key] = widget
            self.errors.row(self.form, key, caption + (" *" if required else ""), widget)
        self.rating_window: RatingWindow | None = None
        if kind == "return":
            same = QPushButton(self.tr("Người nộp tự nhận"))
            same.clicked.connect(self._fill_applicant)
            self.form.addRow("", same)
            ask = QPushButton(self.tr("Mời người dân đánh giá (F8)"))
            ask.setObjectName("ask_rating")
            ask.clicked.connect(self.ask_rating)
            QShortcut(QKeySequence("F8"), self, self.ask_rating)
            self.form.addRow("", ask)
        self.finish_layout()

    def ask_rating(self) -> RatingWindow:
        """The citizen-facing rating window (second screen if any); fills the two fields."""
        w = RatingWindow(self._dossier.code, self)
        w.sig_rated.connect(self._on_rated)
        self.rating_window = w
        w.place()
        return w

    def _on_rated(self, token: str, comment: str) -> None:
        box = self.inputs["rating"]
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(max(box.findData(token), 0))
        comment_edit = self.inputs["comment"]
        assert isinstance(comment_edit, QLineEdit)
        comment_edit.setText(comment)

    def _fields(self) -> list[tuple[str, str, QWidget]]:
        k, d = self.kind, self._dossier
        reason = self.tr("Ghi chú")
        if k in ("refuse", "withdraw", "void", "reschedule", "stop"):
            reason = self.tr("Lý do")
        elif k == "note":
            reason = self.tr("Nội dung")
        elif k == "supplement-request":
            reason = self.tr("Hướng dẫn bổ sung")
        out: list[tuple[str, str, QWidget]] = []
        if k == "transfer":
            out.append(("to", self.tr("Chuyển đến"), QLineEdit(d.department)))
        if k == "supplement-request":
            missing = QPlainTextEdit()
            missing.setPlaceholderText(self.tr("Mỗi dòng một giấy tờ"))
            missing.setTabChangesFocus(True)
            out.append(("missing", self.tr("Giấy tờ cần bổ sung"), missing))
        if k == "reschedule":
            out.append(("new_due", self.tr("Ngày hẹn mới"), _due_edit(d.due_at)))
        if k == "return":
            out += [("collector", self.tr("Người nhận kết quả"), QLineEdit()),
                    ("collector_id", self.tr("Số CCCD/giấy tờ người nhận"), QLineEdit()),
                    ("rating", self.tr("Mức độ hài lòng"), _rating_box()),
                    ("comment", self.tr("Góp ý của người dân"), QLineEdit())]
        if k == "stop":
            out.append(("ground", self.tr("Căn cứ dừng giải quyết"), _ground_box()))
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setFixedHeight(70)
        out.append(("reason", reason, text))
        if k == "reschedule" and d.reschedules >= 1 and self._session.can("reschedule_override"):
            out.append(("override_reason", self.tr("Lý do vượt quyền"), QLineEdit()))
        return out

    def _fill_applicant(self) -> None:
        self.inputs["collector"].setText(self._dossier.applicant_name)  # type: ignore[attr-defined]

    def request(self) -> EventRequest:
        """The dialog's values as typed."""
        values = {key: _value(w) for key, w in self.inputs.items()}
        missing = [line for line in str(values.pop("missing", "")).splitlines() if line.strip()]
        return EventRequest(kind=self.kind, missing=tuple(missing),
                            **{k: (v or None) for k, v in values.items()})

    def submit(self) -> None:
        req, ctx, code = self.request(), self._session.ctx, self._dossier.code
        self._run(Op(self._runner, lambda: record(ctx, code, req), write=True,
                     changes={"dossier"}, initiator=self))


class CorrectDialog(_Dialog):
    """Correct a typo in a saved dossier, with a reason; the receipt can be reprinted."""

    sig_print_requested = Signal(str)

    def __init__(self, dossier: DossierDTO, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__("", "", parent)
        self.setWindowTitle(self.tr("Sửa thông tin hồ sơ"))
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Lưu sửa đổi"))
        self._dossier, self._session, self._runner = dossier, session, runner
        self.setObjectName("dialog_correct")
        self.field = QComboBox()
        for key in CORRECTABLE:
            self.field.addItem(field_label(key), key)
        self.value = QLineEdit()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.errors.row(self.form, "field", self.tr("Thông tin cần sửa"), self.field)
        self.errors.row(self.form, "value", self.tr("Giá trị đúng"), self.value)
        self.errors.row(self.form, "reason", self.tr("Lý do sửa *"), self.reason)
        self.reprint = QCheckBox(self.tr("In lại biên nhận sau khi sửa"))
        self.reprint.setChecked(True)
        self.form.addRow("", self.reprint)
        self.field.currentIndexChanged.connect(self._on_field_changed)
        self._on_field_changed()
        self.finish_layout()

    def _on_field_changed(self) -> None:
        key = self.field.currentData()
        current = {"name": self._dossier.applicant_name, "org": self._dossier.org_name,
                   "sets": str(self._dossier.sets)}.get(key, getattr(self._dossier, key, ""))
        # personal numbers are not pre-filled: the officer types the right one
        self.value.setText("" if key in ("id_number", "phone") else str(current or ""))

    def submit(self) -> None:
        ctx, code = self._session.ctx, self._dossier.code
        key, value, why = self.field.currentData(), self.value.text(), self.reason.toPlainText()
        self._run(Op(self._runner, lambda: correct(ctx, code, key, value, why), write=True,
                     changes={"dossier"}, initiator=self))

    def _on_done(self, d: DossierDTO) -> None:
        super()._on_done(d)
        if self.reprint.isChecked():
            self.sig_print_requested.emit(d.code)


def _due_edit(current: datetime | None) -> QDateTimeEdit:
    """A date-time editor in agency local time, starting one day after the appointment."""
    base = (current or datetime.now(VN_TZ)).astimezone(VN_TZ) + timedelta(days=1)
    edit = QDateTimeEdit()
    edit.setTimeZone(QTimeZone(b"Asia/Ho_Chi_Minh"))
    edit.setDisplayFormat("HH:mm dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(base.timestamp()),
                                                  QTimeZone(b"Asia/Ho_Chi_Minh")))
    return edit


def _rating_box() -> QComboBox:
    """No rating (the citizen declined), or one of the three."""
    box = QComboBox()
    box.addItem(QCoreApplication.translate("EventDialog", "— Không đánh giá —"), "")
    for token in RATINGS:
        box.addItem(tr_core(m.RATING_LABELS[token]), token)
    return box


def _ground_box() -> QComboBox:
    """The legal grounds of a stop, ``other`` preselected (the CLI's default)."""
    box = QComboBox()
    for token in wf.STOP_GROUNDS:
        box.addItem(tr_core(m.STOP_GROUND_LABELS[token]), token)
    box.setCurrentIndex(wf.STOP_GROUNDS.index(wf.DEFAULT_STOP_GROUND))
    return box


def _value(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return str(widget.currentData())
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QDateTimeEdit):
        local = datetime.fromtimestamp(widget.dateTime().toSecsSinceEpoch(), VN_TZ)
        return local.isoformat()
    raise TypeError(type(widget).__name__)
