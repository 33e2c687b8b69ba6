"""Small layout helpers shared by the screens: inline field errors, buttons, text entry."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from onestop.domain.validation import FieldError, ValidationError
from onestop.services.errors import ServiceError
from onestop.ui import style
from onestop.ui.messages import error_text, field_error_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("Widgets", text)


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    s = widget.style()
    s.unpolish(widget)
    s.polish(widget)


def role_label(text: str = "", role: str = "", parent: QWidget | None = None) -> QLabel:
    """A label styled by its ``role`` property (error, muted, title, big, code, badge)."""
    label = QLabel(text, parent)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(role in ("error", "muted", ""))
    return label


def error_label() -> QLabel:
    """An inline error message, hidden while empty."""
    label = role_label("", "error")
    label.setVisible(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def with_error(editor: QWidget, error: QLabel) -> QWidget:
    """The editor with its error message right under it (one form row)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(editor)
    lay.addWidget(error)
    return box


def panel(parent: QWidget | None = None) -> QFrame:
    frame = QFrame(parent)
    frame.setProperty("role", "panel")
    return frame


class FieldErrors:
    """Shows the errors of a ValidationError next to the fields they name.

    Each field key (``name``, ``phone``…) is bound to its editor and error label; errors on
    keys without a binding go to the general label at the top of the form. Nothing the user
    typed is touched.
    """

    def __init__(self, general: QLabel) -> None:
        self._general = general
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def bind(self, key: str, editor: QWidget, label: QLabel) -> None:
        self._fields[key] = (editor, label)

    def row(self, form: QFormLayout, key: str, caption: str, editor: QWidget) -> QLabel:
        """Add ``caption: editor`` to ``form`` with an error label bound to ``key``."""
        err = error_label()
        form.addRow(caption, with_error(editor, err))
        self.bind(key, editor, err)
        return err

    def clear(self) -> None:
        self._general.clear()
        self._general.setVisible(False)
        for editor, label in self._fields.values():
            label.clear()
            label.setVisible(False)
            if editor.property("invalid"):
                editor.setProperty("invalid", False)
                repolish(editor)

    def show(self, exc: BaseException) -> None:
        """Display ``exc`` inline and focus the first invalid field."""
        self.clear()
        errors: Iterable[FieldError]
        if isinstance(exc, ValidationError):
            errors = exc.errors
        elif isinstance(exc, ServiceError):
            errors = [FieldError(exc.field, exc.code, dict(exc.params))]
        else:
            self._set_general(error_text(exc))
            return
        first: QWidget | None = None
        general: list[str] = []
        for err in errors:
            key = err.field.split("[", 1)[0]
            bound = self._fields.get(key)
            if bound is None:
                general.append(field_error_text(err))
                continue
            editor, label = bound
            label.setText("\n".join(filter(None, [label.text(), field_error_text(err)])))
            label.setVisible(True)
            editor.setProperty("invalid", True)
            repolish(editor)
            first = first or editor
        if general:
            self._set_general("\n".join(general))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def message_for(self, key: str) -> str:
        """The error text shown for ``key`` ("" when none); tests read it."""
        bound = self._fields.get(key)
        return bound[1].text() if bound else ""

    def _set_general(self, text: str) -> None:
        self._general.setText(text)
        self._general.setVisible(bool(text))


class LazyTab(QWidget):
    """A tab whose content is built the first time it is shown.

    Tabs most users never open at start (Theo dõi, Cài đặt, Người dùng) would otherwise cost
    their imports and queries on every start-up.

    Signals:
        sig_built(QWidget): the content was just built.
    """

    sig_built = Signal(object)

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory: Callable[[], QWidget] | None = factory
        self.content: QWidget | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)

    def build(self) -> QWidget:
        """Build the content now (idempotent) and return it."""
        if self.content is None and self._factory is not None:
            factory, self._factory = self._factory, None
            self.content = factory()
            self.layout().addWidget(self.content)  # type: ignore[union-attr]
            self.sig_built.emit(self.content)
        assert self.content is not None
        return self.content

    def showEvent(self, event: QShowEvent) -> None:
        self.build()
        super().showEvent(event)


def dialog_buttons(dialog: QDialog, ok_text: str, cancel_text: str | None = None
                   ) -> QDialogButtonBox:
    """OK/Cancel with our own Vietnamese captions (Qt ships no Vietnamese translation)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text or _tr("Huỷ"))
    box.rejected.connect(dialog.reject)
    return box


def badge(text: str, token: str | None) -> QLabel:
    """A coloured status/timeliness badge."""
    label = role_label(text, "badge")
    pair = style.TIMELINESS_COLOURS.get(token or "")
    if pair:
        label.setStyleSheet(f"background: {pair[0]}; color: {pair[1]};")
    else:
        label.setStyleSheet("background: #eef2f6; color: #344054;")
    return label


def bring_forward(window: QWidget, focus: QWidget | None = None) -> None:
    """Raise and activate ``window`` and focus ``focus`` in it.

    Window managers usually activate a newly shown window; a bare X display, a kiosk session
    or Qt's offscreen platform does not, and a keyboard-only officer cannot click. Calling it
    explicitly costs nothing where a window manager already did.
    """
    window.raise_()
    window.activateWindow()
    if focus is not None:
        focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
