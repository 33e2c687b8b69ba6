"""Tiếp nhận: receive a dossier with the keyboard alone, with a live appointment preview."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onestop.domain.validation import ValidationError
from onestop.services import agencies, cards, catalogue, deadlines
from onestop.services.dto import DossierDTO, DueDTO, ProcedureDTO
from onestop.services.reception import ReceiveRequest, receive
from onestop.ui import style
from onestop.ui.documents_model import DocumentsModel
from onestop.ui.due_view import DueView, appointment_text
from onestop.ui.messages import (
    CHANNELS,
    channel_label,
    error_text,
    field_label,
    fill,
    money,
    render,
)
from onestop.ui.procedure_picker import ProcedurePicker
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, error_label, panel, role_label

#: How often the preview is refreshed while the form stays open (the cut-off hour passes).
PREVIEW_REFRESH_MS = 60_000


class ReceiveView(QWidget):
    """The receive form.

    Signals:
        sig_dossier_saved(DossierDTO): a dossier was received; its code is shown.
        sig_print_requested(str): the officer asked for the receipt of a code.
    """

    sig_dossier_saved = Signal(object)
    sig_print_requested = Signal(str)

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._preview_seq = 0
        self.last_saved: DossierDTO | None = None
        self.last_due: DueDTO | None = None
        self._build()
        self._timer = QTimer(self, interval=PREVIEW_REFRESH_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._timer.start()
        for keys in ("Ctrl+S", "F10"):
            QShortcut(QKeySequence(keys), self, self.save,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_form,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.load_catalogue()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        form_host = QWidget()
        scroll.setWidget(form_host)
        left = QVBoxLayout(form_host)
        self.general = error_label()
        self.general.setObjectName("receive_general_error")
        left.addWidget(self.general)
        # what the last ID-card scan filled, and what the officer must still type
        self.card_info = role_label("", "muted")
        self.card_info.setObjectName("receive_card_info")
        self.card_info.setWordWrap(True)
        self.card_info.setVisible(False)
        left.addWidget(self.card_info)
        self.errors = FieldErrors(self.general)
        # one form for every row so the captions line up
        self.form = QFormLayout()
        self._procedure_rows(self.form)
        self._applicant_rows(self.form)
        self.form.addRow(self._documents_box())
        self._footer_rows(self.form)
        left.addLayout(self.form)
        outer.addWidget(scroll, 3)
        outer.addWidget(self._side_panel(), 2)

    def _procedure_rows(self, form: QFormLayout) -> None:
        self.procedure = ProcedurePicker()
        self.procedure.setObjectName("receive_procedure")
        self.procedure.sig_procedure_changed.connect(self._on_procedure_changed)
        # after the completer hands focus back to the picker: on to the applicant
        self.procedure.sig_picked.connect(lambda _p: QTimer.singleShot(0, self._to_applicant))
        self.errors.row(form, "procedure", self.tr("Thủ tục (F2)"), self.procedure)
        QShortcut(QKeySequence("F2"), self, self.procedure.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.procedure_info = role_label("", "muted")
        form.addRow("", self.procedure_info)
        # a centre (NĐ 118/2025): who decides, when the procedure has several agencies, and
        # where the citizen collects the result; both rows hidden at a single-agency desk
        self.agency = QComboBox()
        self.agency.setObjectName("receive_agency")
        self._agency_row = self._hidden_row(form, "agency", self.tr("Cơ quan giải quyết"),
                                            self.agency)
        self.return_unit = QComboBox()
        self.return_unit.setObjectName("receive_return_unit")
        self._return_row = self._hidden_row(form, "return_unit", self.tr("Nơi trả kết quả"),
                                            self.return_unit)
        self._agency_seq = 0

    def _hidden_row(self, form: QFormLayout, key: str, caption: str, editor: QWidget) -> QWidget:
        self.errors.row(form, key, caption, editor)
        row = editor.parentWidget()
        assert row is not None
        form.setRowVisible(row, False)
        return row

    def _applicant_rows(self, form: QFormLayout) -> None:
        kind = QHBoxLayout()
        # reached by Alt+C / Alt+T, not by Tab: Tab goes from the procedure straight to the
        # name, the field typed for almost every dossier
        self.is_person = QRadioButton(self.tr("&Cá nhân"))
        self.is_org = QRadioButton(self.tr("&Tổ chức"))
        self.is_person.setChecked(True)
        for radio in (self.is_person, self.is_org):
            radio.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # chosen by hand: type on at the first field of that kind of applicant (after Qt
            # has moved the focus off a field the choice hides)
            radio.clicked.connect(lambda _checked: QTimer.singleShot(0, self._to_applicant))
        group = QButtonGroup(self)
        group.addButton(self.is_person)
        group.addButton(self.is_org)
        kind.addWidget(self.is_person)
        kind.addWidget(self.is_org)
        kind.addStretch(1)
        form.addRow(self.tr("Người nộp (Alt+C / Alt+T)"), kind)
        self.org = QLineEdit()
        self._org_err = self.errors.row(form, "org", self.tr("Tên tổ chức"), self.org)
        org_row = self.org.parentWidget()  # the editor + error container of the row
        assert org_row is not None
        self._org_row: QWidget = org_row
        self.name = QLineEdit()
        self.errors.row(form, "name", self.tr("Họ và tên"), self.name)
        name_row = self.name.parentWidget()
        assert name_row is not None
        self._name_label = form.labelForField(name_row)
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("12 chữ số"))
        self.errors.row(form, "id_number", self.tr("Số định danh/CCCD"), self.id_number)
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.errors.row(form, "birth_date", self.tr("Ngày sinh"), self.birth_date)
        self.sex = QComboBox()
        self.sex.setObjectName("receive_sex")
        for text, token in (("", None), (self.tr("Nam"), "male"), (self.tr("Nữ"), "female")):
            self.sex.addItem(text, token)
        self.errors.row(form, "sex", self.tr("Giới tính"), self.sex)
        self.phone = QLineEdit()
        self.errors.row(form, "phone", self.tr("Số điện thoại"), self.phone)
        self.email = QLineEdit()
        self.errors.row(form, "email", self.tr("Thư điện tử"), self.email)
        self.address = QLineEdit()
        self.errors.row(form, "address", self.tr("Địa chỉ"), self.address)
        self.channel = QComboBox()
        for token in CHANNELS:
            self.channel.addItem(channel_label(token), token)
        self.errors.row(form, "channel", self.tr("Hình thức nộp"), self.channel)
        self.sets = QSpinBox()
        self.sets.setRange(1, 100)
        self.errors.row(form, "sets", self.tr("Số bộ hồ sơ"), self.sets)
        # the citizen's opt-in to result-ready notices (issue 18): filled only if they ask
        self.notify_email = QLineEdit()
        self.notify_email.setPlaceholderText(self.tr("để trống nếu không đăng ký"))
        self.errors.row(form, "notify_email", self.tr("Báo kết quả qua thư điện tử"),
                        self.notify_email)
        self.notify_sms = QLineEdit()
        self.notify_sms.setPlaceholderText(self.tr("số di động; để trống nếu không đăng ký"))
        self.errors.row(form, "notify_sms", self.tr("Báo kết quả qua tin nhắn SMS"),
                        self.notify_sms)
        self.is_org.toggled.connect(self._on_kind_toggled)
        self._on_kind_toggled(False)

    def _documents_box(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Thành phần hồ sơ (Dấu cách: đánh dấu đã nhận)")))
        head.addStretch(1)
        add = QPushButton(self.tr("Thêm giấy tờ khác…"))
        add.clicked.connect(self._add_document)
        head.addWidget(add)
        lay.addLayout(head)
        self.documents = DocumentsModel(self)
        self.documents_view = QTableView()
        self.documents_view.setObjectName("receive_documents")
        self.documents_view.setModel(self.documents)
        self.documents_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents_view.setMinimumHeight(150)
        self.documents_view.verticalHeader().setVisible(False)
        header = self.documents_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.documents_view)
        err = error_label()
        lay.addWidget(err)
        self.errors.bind("document", self.documents_view, err)
        return box

    def _footer_rows(self, form: QFormLayout) -> None:
        fee = QHBoxLayout()
        self.fee = QLabel("—")
        self.fee_paid = QCheckBox(self.tr("Đã thu phí, lệ phí"))
        fee.addWidget(self.fee)
        fee.addWidget(self.fee_paid)
        fee.addStretch(1)
        form.addRow(self.tr("Phí, lệ phí"), fee)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self.errors.row(form, "notes", self.tr("Ghi chú"), self.notes)

    def _side_panel(self) -> QWidget:
        side = panel()
        lay = QVBoxLayout(side)
        self.due_view = DueView()
        lay.addWidget(self.due_view)
        lay.addStretch(1)
        self.save_button = QPushButton(self.tr("Lưu hồ sơ (Ctrl+S / F10)"))
        self.save_button.setObjectName("receive_save")
        self.save_button.clicked.connect(self.save)
        lay.addWidget(self.save_button)
        new = QPushButton(self.tr("Nhập hồ sơ mới (Ctrl+N)"))
        new.clicked.connect(self.new_form)
        lay.addWidget(new)
        self.saved_caption = role_label("", "muted")
        self.saved_code = role_label("", "code")
        self.saved_code.setObjectName("receive_saved_code")
        self.saved_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(self.tr("In biên nhận (Ctrl+P)"))
        self.print_button.setVisible(False)
        self.print_button.clicked.connect(self._on_print_clicked)
        QShortcut(QKeySequence("Ctrl+P"), self, self._on_print_clicked,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for w in (self.saved_caption, self.saved_code, self.print_button):
            lay.addWidget(w)
        self.due_view.clear(self.tr("Chọn thủ tục để xem ngày hẹn trả."))
        return side

    # --- behaviour ----------------------------------------------------------------------------

    def load_catalogue(self) -> None:
        """(Re)load the active procedures for the picker."""
        ctx = self._session.ctx
        Op(self._runner, lambda: catalogue.list_procedures(ctx)) \
            .success(self.procedure.set_procedures).run_in_background()
        Op(self._runner, lambda: agencies.return_choices(ctx)) \
            .success(self._set_return_units).run_in_background()

    def _set_return_units(self, units: list[tuple[str, str]]) -> None:
        """The return points: this unit first; the row shows only when there are others."""
        keep = self.return_unit.currentData()
        self.return_unit.clear()
        for code, name in units:
            self.return_unit.addItem(f"{name} ({code})", code)
        if keep is not None and self.return_unit.findData(keep) >= 0:
            self.return_unit.setCurrentIndex(self.return_unit.findData(keep))
        self.form.setRowVisible(self._return_row, len(units) > 1)

    def _load_agencies(self, p: ProcedureDTO | None) -> None:
        """The handling agencies of the chosen procedure; the row shows when it has several
        (a choice already made stays when the new list has it)."""
        self._agency_seq += 1
        seq, ctx = self._agency_seq, self._session.ctx
        if p is None:
            self._set_agencies(seq, [])
            return
        Op(self._runner, lambda: agencies.handling_choices(ctx, p.code), urgent=True) \
            .success(lambda found: self._set_agencies(seq, found)).run_in_background()

    def _set_agencies(self, seq: int, found: list[tuple[str, str]]) -> None:
        if seq != self._agency_seq:
            return
        keep = self.agency.currentData()
        self.agency.clear()
        if len(found) > 1:
            self.agency.addItem(self.tr("— Chọn cơ quan giải quyết —"), None)
        for code, name in found:
            self.agency.addItem(f"{name} ({code})", code)
        if keep is not None and self.agency.findData(keep) >= 0:
            self.agency.setCurrentIndex(self.agency.findData(keep))
        self.form.setRowVisible(self._agency_row, len(found) > 1)

    def _on_kind_toggled(self, is_org: bool) -> None:
        self.form.setRowVisible(self._org_row, is_org)
        label = self._name_label
        if label is not None:
            text = self.tr("Người đại diện") if is_org else self.tr("Họ và tên")
            label.setText(text)  # type: ignore[attr-defined]

    def _on_procedure_changed(self, p: ProcedureDTO | None) -> None:
        self.documents.set_documents(p.documents if p else [])
        self._load_agencies(p)
        if p is None:
            self.procedure_info.clear()
            self.fee.setText("—")
            self.due_view.clear(self.tr("Chọn thủ tục để xem ngày hẹn trả."))
            self.last_due = None
            return
        days = (self.tr("không quy định") if p.time_limit_days is None
                else fill(self.tr("%1 ngày làm việc"), str(p.time_limit_days)))
        self.procedure_info.setText(f"{p.field} · {p.department} · {days}")
        self.fee.setText(money(p.fee_vnd))
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Ask for the appointment of a receipt made now; older answers are dropped."""
        p = self.procedure.chosen
        if p is None:
            return
        self._preview_seq += 1
        seq, ctx, code = self._preview_seq, self._session.ctx, p.code
        Op(self._runner, lambda: deadlines.due_preview(ctx, None, procedure=code), urgent=True) \
            .success(lambda due: self._on_preview(seq, due, p)) \
            .failure(self.errors.show).run_in_background()

    def _on_preview(self, seq: int, due: DueDTO, p: ProcedureDTO) -> None:
        if seq != self._preview_seq:
            return  # a newer procedure was chosen meanwhile
        self.last_due = due
        self.due_view.show_due(due, p.time_limit_days)

    def request(self) -> ReceiveRequest:
        """The form as a request: text exactly as typed (the service validates it)."""
        p = self.procedure.chosen
        return ReceiveRequest(
            procedure=p.code if p else self.procedure.text().strip(),
            name=self.name.text(), id_number=self.id_number.text() or None,
            birth_date=self.birth_date.text() or None, sex=self.sex.currentData(),
            phone=self.phone.text() or None,
            email=self.email.text() or None, address=self.address.text() or None,
            org=(self.org.text() or None) if self.is_org.isChecked() else None,
            channel=str(self.channel.currentData()), sets=self.sets.value(),
            documents=tuple(self.documents.received()), fee_paid=self.fee_paid.isChecked(),
            notes=self.notes.toPlainText() or None,
            agency=self.agency.currentData() if self.agency.count() > 1 else None,
            return_unit=(self.return_unit.currentData()
                         if self.return_unit.currentIndex() > 0 else None),
            notify_email=self.notify_email.text() or None,
            notify_sms=self.notify_sms.text() or None)

    def save(self) -> None:
        """Receive the dossier; on an error the form stays as typed and says what is wrong."""
        if not self.save_button.isEnabled():
            return
        self._submit(self.request())

    def _submit(self, req: ReceiveRequest) -> None:
        ctx = self._session.ctx
        self.errors.clear()
        self.save_button.setEnabled(False)
        Op(self._runner, lambda: receive(ctx, req), write=True, changes={"dossier"},
           initiator=self).success(self._on_saved) \
            .failure(lambda exc: self._on_save_failed(req, exc)) \
            .finally_(lambda: self.save_button.setEnabled(True)).run_in_background()

    def _on_save_failed(self, req: ReceiveRequest, exc: BaseException) -> None:
        """A clock behind the recorded time: an administrator may confirm it and save;
        anyone else sees why the receipt was refused (the service decides either way)."""
        clock = isinstance(exc, ValidationError) and exc.first.code == "clock_behind"
        if not clock or not self._session.can("clock_confirm"):
            self.errors.show(exc)
            return
        confirm = self.tr("Đồng hồ của máy đang đúng? Xác nhận để lưu hồ sơ (ghi vào nhật ký).")
        answer = QMessageBox.question(
            self, self.tr("Đồng hồ máy tính"), error_text(exc) + "\n\n" + confirm,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._submit(dataclasses.replace(req, clock_confirmed=True))
        else:
            self.errors.show(exc)

    def _on_saved(self, d: DossierDTO) -> None:
        self.last_saved = d
        self.saved_caption.setText(fill(self.tr("Đã lưu. Mã hồ sơ — hẹn trả %1:"),
                                        appointment_text(d.due_at)))
        self.saved_code.setText(d.code)
        self.print_button.setVisible(True)
        self._clear_applicant()
        self.sig_dossier_saved.emit(d)

    def _on_print_clicked(self) -> None:
        if self.last_saved is not None:
            self.sig_print_requested.emit(self.last_saved.code)

    def _to_applicant(self) -> None:
        """The first applicant field: the organisation's name, or the person's."""
        (self.org if self.is_org.isChecked() else self.name).setFocus()

    def ready_for_next(self) -> None:
        """Back from the receipt: the picker focused with its text selected, so the next
        dossier starts by typing a new procedure, or Tab keeps the same one."""
        self.procedure.setFocus()
        self.procedure.selectAll()

    def new_form(self) -> None:
        """Start over: empty form, procedure picker focused."""
        self.errors.clear()
        self.procedure.choose(None)
        self._clear_applicant()
        self.procedure.setFocus()

    def _clear_applicant(self) -> None:
        for w in (self.name, self.id_number, self.birth_date, self.phone, self.email,
                  self.address, self.org, self.notify_email, self.notify_sms):
            w.clear()
        self.sex.setCurrentIndex(0)
        self.card_info.setVisible(False)
        self.notes.clear()
        self.sets.setValue(1)
        self.fee_paid.setChecked(False)
        self.channel.setCurrentIndex(0)
        self.return_unit.setCurrentIndex(0 if self.return_unit.count() else -1)
        self.is_person.setChecked(True)
        p = self.procedure.chosen
        self.documents.set_documents(p.documents if p else [])
        self.procedure.setFocus()

    # --- ID card ------------------------------------------------------------------------------

    def fill_from_card(self, text: str) -> None:
        """A card's QR was scanned here: fill what it says (in the background: the earlier
        dossiers are looked up), keep everything else the officer typed."""
        ctx = self._session.ctx
        Op(self._runner, lambda: cards.read(ctx, text), urgent=True) \
            .success(self.apply_card).failure(self._on_card_failed).run_in_background()

    def _on_card_failed(self, exc: BaseException) -> None:
        self.card_info.setVisible(False)
        self.errors.show(exc)

    def apply_card(self, scan: cards.CardScan) -> None:
        """Put a read card into the form and say what was filled and what is left to type."""
        card = scan.card
        self.errors.clear()
        if self.is_org.isChecked():
            self.is_person.setChecked(True)
        self.id_number.setText(card.id_number)
        self.birth_date.setText(card.birth_date.strftime("%d/%m/%Y"))
        self.sex.setCurrentIndex(max(0, self.sex.findData(card.sex)))
        self.name.setText(card.name or "")
        self.address.setText(card.address or "")
        lines = [render("cccd_filled", fields=", ".join(
            field_label(f) for f in card.filled()))]
        prev = scan.previous
        if prev is not None:
            for edit, value in ((self.phone, prev.phone), (self.email, prev.email),
                                (self.address, prev.address)):
                if value and not edit.text():
                    edit.setText(value)
            lines.append(render("cccd_returning", count=prev.count,
                                         value=prev.last_code))
        if card.damaged:
            lines.append(render("cccd_type_rest", fields=", ".join(
                field_label(f) for f in card.damaged)))
        self.card_info.setText("\n".join(lines))
        self.card_info.setVisible(True)
        # on to what the officer types next: a damaged name, else the procedure / papers
        if card.name is None:
            self.name.setFocus()
        elif card.address is None and not self.address.text():
            self.address.setFocus()
        elif self.procedure.chosen is None:
            self.procedure.setFocus()
        else:
            self.documents_view.setFocus()

    def _add_document(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Thêm giấy tờ"), self.tr("Tên giấy tờ:"))
        if ok and name.strip():
            self.documents.add_document(name.strip())
