"""One dossier: applicant, procedure, documents, appointment and why, timeline, actions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onestop.domain import workflow as wf
from onestop.domain.validation import mask_citizen_id, mask_phone
from onestop.services import deadlines, notices, processing, queries
from onestop.services.portal_state import label as portal_label
from onestop.services.dto import DossierDTO, DueDTO
from onestop.services.queries import PersonalData
from onestop.ui import style
from onestop.ui.action_dialogs import CorrectDialog, EventDialog
from onestop.ui.due_view import DueView, appointment_text
from onestop.ui.events_model import EventsModel
from onestop.ui.notices import notice_lines
from onestop.ui.messages import (
    fill,
    channel_label,
    counter_label,
    event_label,
    local_date,
    local_dt,
    money,
    status_label,
    timeliness_label,
)
from onestop.ui.session import UserSession
from onestop.ui.tasks import Changes, Op, TaskRunner
from onestop.ui.widgets import badge, error_label, panel, role_label

RETURN_KEY = "F9"


class DossierDetailView(QWidget):
    """Shows one dossier and offers the actions its status and the user's role allow.

    Signals:
        sig_print_requested(str): reprint the receipt of a code.
        sig_back_requested(): go back to the list.
        sig_loaded(DossierDTO): a dossier was (re)loaded and shown.
        sig_failed(str, Exception): a code could not be opened (unknown, forbidden…).
    """

    sig_print_requested = Signal(str)
    sig_back_requested = Signal()
    sig_loaded = Signal(object)
    sig_failed = Signal(str, object)

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._seq = 0
        self.dossier: DossierDTO | None = None
        self.personal: PersonalData | None = None
        self.action_buttons: dict[str, QPushButton] = {}
        self.last_dialog: EventDialog | CorrectDialog | None = None
        self._build()
        runner.sig_changed.connect(self._on_runner_changed)
        QShortcut(QKeySequence(RETURN_KEY), self, lambda: self.start_action("return"),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+H"), self, self.reveal,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        head = QHBoxLayout()
        back = QPushButton(self.tr("← Danh sách (Esc)"))
        back.clicked.connect(self.sig_back_requested)
        QShortcut(QKeySequence("Esc"), self, self.sig_back_requested.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.code = role_label(self.tr("Chưa chọn hồ sơ"), "code")
        self.code.setObjectName("detail_code")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badges = QHBoxLayout()
        head.addWidget(back)
        head.addWidget(self.code)
        head.addLayout(self.badges)
        head.addStretch(1)
        lay.addLayout(head)
        self.general = error_label()
        lay.addWidget(self.general)
        grid = QGridLayout()
        grid.addWidget(self._applicant_panel(), 0, 0)
        grid.addWidget(self._procedure_panel(), 1, 0)
        grid.addWidget(self._due_panel(), 0, 1, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        lay.addLayout(grid)
        lay.addWidget(role_label(self.tr("Quá trình xử lý"), "muted"))
        self.events = EventsModel(self)
        self.timeline = QTableView()
        self.timeline.setObjectName("detail_timeline")
        self.timeline.setModel(self.events)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.timeline.horizontalHeader()
        for col, width in enumerate((125, 130, 120, 50)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.timeline, 1)
        self.notices_caption = role_label(self.tr("Thông báo cho người dân"), "muted")
        self.notices = QLabel()
        self.notices.setObjectName("detail_notices")
        self.notices.setWordWrap(True)
        lay.addWidget(self.notices_caption)
        lay.addWidget(self.notices)
        self.notices_caption.setVisible(False)
        self.notices.setVisible(False)
        self.actions_bar = QHBoxLayout()
        lay.addLayout(self.actions_bar)

    def _applicant_panel(self) -> QWidget:
        box = panel()
        form = QFormLayout(box)
        self.f_name, self.f_org, self.f_id, self.f_birth = QLabel(), QLabel(), QLabel(), QLabel()
        self.f_phone, self.f_email, self.f_address = QLabel(), QLabel(), QLabel()
        for w in (self.f_name, self.f_org, self.f_id, self.f_phone, self.f_address):
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            w.setWordWrap(True)
        self.f_id.setObjectName("detail_id_number")
        self.f_phone.setObjectName("detail_phone")
        form.addRow(self.tr("Người nộp"), self.f_name)
        form.addRow(self.tr("Tổ chức"), self.f_org)
        self.reveal_button = QPushButton(self.tr("Hiện đầy đủ (Ctrl+Shift+H)"))
        self.reveal_button.setObjectName("detail_reveal")
        self.reveal_button.clicked.connect(self.reveal)
        id_row = QHBoxLayout()
        id_row.addWidget(self.f_id, 1)
        id_row.addWidget(self.reveal_button)
        form.addRow(self.tr("Số định danh"), id_row)
        form.addRow(self.tr("Ngày sinh"), self.f_birth)
        form.addRow(self.tr("Điện thoại"), self.f_phone)
        form.addRow(self.tr("Thư điện tử"), self.f_email)
        form.addRow(self.tr("Địa chỉ"), self.f_address)
        return box

    def _procedure_panel(self) -> QWidget:
        box = panel()
        form = QFormLayout(box)
        self.f_procedure, self.f_terms, self.f_documents = QLabel(), QLabel(), QLabel()
        self.f_received, self.f_notes = QLabel(), QLabel()
        self.f_portal = QLabel()
        self.f_portal.setObjectName("detail_portal")
        for w in (self.f_procedure, self.f_documents, self.f_notes, self.f_terms, self.f_portal):
            w.setWordWrap(True)
        form.addRow(self.tr("Thủ tục"), self.f_procedure)
        form.addRow(self.tr("Tiếp nhận"), self.f_received)
        form.addRow(self.tr("Hồ sơ"), self.f_terms)
        form.addRow(self.tr("Giấy tờ"), self.f_documents)
        form.addRow(self.tr("Ghi chú"), self.f_notes)
        form.addRow(self.f_portal)
        return box

    def _due_panel(self) -> QWidget:
        box = panel()
        lay = QVBoxLayout(box)
        self.due_view = DueView()
        self.due_view.appointment.setObjectName("detail_due")
        self.due_note = role_label("", "muted")
        lay.addWidget(self.due_view)
        lay.addWidget(self.due_note)
        lay.addStretch(1)
        return box

    # --- loading ------------------------------------------------------------------------------

    def open_code(self, code: str) -> None:
        """Load and show ``code`` (the answer of an older request is dropped)."""
        self._seq += 1
        seq, ctx = self._seq, self._session.ctx
        Op(self._runner, lambda: queries.show(ctx, code), urgent=True) \
            .success(lambda d: self._on_loaded(seq, d)) \
            .failure(lambda e: self._on_failed(seq, code, e)).run_in_background()

    def _on_failed(self, seq: int, code: str, exc: Exception) -> None:
        if seq == self._seq:
            self.sig_failed.emit(code, exc)

    def _on_loaded(self, seq: int, d: DossierDTO) -> None:
        if seq != self._seq:
            return
        if self.dossier is None or self.dossier.code != d.code:
            self.personal = None  # full data is shown again only on request
        self.dossier = d
        self.general.setVisible(False)
        self._show(d)
        self._load_explanation(d)
        self.load_notices(d)
        self.sig_loaded.emit(d)

    def load_notices(self, d: DossierDTO) -> None:
        """Each notice of the dossier and its state (e-mail, SMS: waiting, sent, error)."""
        opted = bool(d.notify_email or d.notify_sms)
        self.notices_caption.setVisible(opted)
        self.notices.setVisible(opted)
        if not opted:
            return
        seq, ctx, code = self._seq, self._session.ctx, d.code
        Op(self._runner, lambda: notices.for_dossier(ctx, code)) \
            .success(lambda rows: self._on_notices(seq, d, rows)).run_in_background()

    def _on_notices(self, seq: int, d: DossierDTO, rows: list[object]) -> None:
        if seq != self._seq:
            return
        who = ", ".join(x for x in (d.notify_email, mask_phone(d.notify_sms or "")) if x)
        self.notices.setText(notice_lines(rows) or self.tr("Đăng ký nhận thông báo: %1 — "
                                                           "chưa có thông báo nào.")
                             .replace("%1", who))

    def _show(self, d: DossierDTO) -> None:
        self.code.setText(d.code)
        _clear_layout(self.badges)
        self.badges.addWidget(badge(status_label(d.status), None))
        if d.timeliness:
            self.badges.addWidget(badge(timeliness_label(d.timeliness), d.timeliness))
        self.f_name.setText(d.applicant_name)
        self.f_org.setText(d.org_name or "—")
        self._show_personal(d)
        self.f_email.setText(d.email or "—")
        self.f_address.setText(d.address or "—")
        self.f_procedure.setText(f"{d.procedure_code} — {d.procedure_name}\n{d.field} · "
                                 f"{d.department}")
        self.f_received.setText(f"{local_dt(d.received_at)} · {d.received_by} · "
                                f"{counter_label(d.counter_no)} · {channel_label(d.channel)}")
        self.f_terms.setText(fill(self.tr("%1 bộ · sổ %2 số %3 · phí %4"),
                                  str(d.sets), d.register_book, str(d.register_no),
                                  money(d.fee_vnd)))
        self.f_documents.setText("\n".join(
            fill(self.tr("• %1 (%2 chính, %3 sao)"),
                 str(x.get("name")), str(x.get("original", 0)), str(x.get("copy", 0)))
            for x in d.documents) or "—")
        self.f_notes.setText(d.notes or "—")
        self.f_portal.setText(portal_label(d.portal) if d.portal else "")
        self.f_portal.setVisible(bool(d.portal and d.portal.get("state")))
        self.events.set_events(d.events)
        self.timeline.resizeRowsToContents()
        self._show_actions(d)

    def _show_personal(self, d: DossierDTO) -> None:
        full = self.personal if self.personal and self.personal.code == d.code else None
        ident = (full.id_number if full else mask_citizen_id(d.id_number or "")) or "—"
        phone = (full.phone if full else mask_phone(d.phone or "")) or "—"
        birth = full.birth_date if full else None
        self.f_id.setText(ident)
        self.f_phone.setText(phone)
        self.f_birth.setText(local_date(birth) if birth else ("—" if not d.birth_date else "**/**/****"))
        has_data = bool(d.id_number or d.phone or d.birth_date)
        self.reveal_button.setVisible(has_data and full is None
                                      and self._session.can("view_personal"))

    def reveal(self) -> None:
        """Show the full citizen ID, birth date and phone; the service audits the view."""
        if self.dossier is None or not self.reveal_button.isVisible():
            return
        ctx, code = self._session.ctx, self.dossier.code
        Op(self._runner, lambda: queries.reveal_personal(ctx, code), write=True) \
            .success(self._on_revealed).run_in_background()

    def _on_revealed(self, data: PersonalData) -> None:
        self.personal = data
        if self.dossier is not None:
            self._show_personal(self.dossier)

    def _load_explanation(self, d: DossierDTO) -> None:
        self.due_view.appointment.setText(appointment_text(d.due_at))
        self.due_view.explanation.clear()
        self.due_note.setText(self._due_note(d))
        if d.time_limit_days is None:
            return
        ctx, code, seq, days = self._session.ctx, d.code, self._seq, d.time_limit_days
        Op(self._runner, lambda: deadlines.explain_due(ctx, code), urgent=True) \
            .success(lambda due: self._on_explained(seq, due, days)).run_in_background()

    def _on_explained(self, seq: int, due: DueDTO, days: int) -> None:
        if seq == self._seq and self.dossier is not None:
            self.due_view.show_due(due, days if due.days is None else due.days)
            self.due_view.appointment.setText(appointment_text(self.dossier.due_at))

    def _due_note(self, d: DossierDTO) -> str:
        lines = []
        if d.reschedules:
            lines.append(fill(self.tr("Đã hẹn lại %1 lần; hạn theo quy định: %2"),
                              str(d.reschedules), local_dt(d.sla_due_at)))
        if d.finished_at:
            lines.append(fill(self.tr("Có kết quả lúc %1"), local_dt(d.finished_at)))
        if d.returned_at:
            lines.append(fill(self.tr("Đã trả lúc %1"), local_dt(d.returned_at)))
        return "\n".join(lines)

    # --- actions ------------------------------------------------------------------------------

    def _show_actions(self, d: DossierDTO) -> None:
        _clear_layout(self.actions_bar)
        self.action_buttons = {}
        kinds = [k for k in wf.allowed_actions(d.status) if self._session.can_record(k)]
        # the return point of another unit's dossier: the return and notes only (issue 14)
        kinds = processing.kinds_here(self._session.ctx, d, kinds)
        for kind in kinds:
            caption = event_label(kind) + (f" ({RETURN_KEY})" if kind == "return" else "")
            self._add_action(kind, caption, lambda _c=False, k=kind: self.start_action(k))
        if wf.allowed("correct", d.status) and self._session.can("correct"):
            self._add_action("correct", self.tr("Sửa thông tin"), self.start_correct)
        if self._session.can("print"):
            self._add_action("print", self.tr("In lại biên nhận"),
                             lambda: self.sig_print_requested.emit(d.code))
        self.actions_bar.addStretch(1)
        ret = self.action_buttons.get("return")
        if ret is not None:
            # a scanned result-ready dossier: Enter (or F9) opens the return dialog
            ret.setDefault(True)
            ret.setFocus()

    def _add_action(self, key: str, caption: str, slot: object) -> None:
        button = QPushButton(caption)
        button.setObjectName(f"action_{key}")
        button.setAutoDefault(True)
        button.clicked.connect(slot)
        self.actions_bar.addWidget(button)
        self.action_buttons[key] = button

    def start_action(self, kind: str) -> EventDialog | None:
        """Open the dialog of ``kind`` if the dossier and role allow it."""
        if self.dossier is None or kind not in self.action_buttons:
            return None
        dialog = EventDialog(kind, self.dossier, self._session, self._runner, self)
        dialog.sig_done.connect(self._on_action_done)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def start_correct(self) -> CorrectDialog | None:
        if self.dossier is None:
            return None
        dialog = CorrectDialog(self.dossier, self._session, self._runner, self)
        dialog.sig_done.connect(self._on_action_done)
        dialog.sig_print_requested.connect(self.sig_print_requested)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _on_action_done(self, d: DossierDTO) -> None:
        self._on_loaded(self._seq, d)

    def _on_runner_changed(self, changes: Changes) -> None:
        if changes.touches("notice") and self.dossier is not None:
            self.load_notices(self.dossier)
        # another screen (or sync) changed dossiers: re-read the one shown, unless we did
        if changes.touches("dossier") and self.dossier is not None \
                and not isinstance(changes.initiator, (EventDialog, CorrectDialog)):
            self.open_code(self.dossier.code)


def _clear_layout(layout: QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget() if item is not None else None
        if w is not None:
            w.deleteLater()
