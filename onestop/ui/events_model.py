"""The event timeline of one dossier as a small table model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from onestop.domain.messages import STOP_GROUND_LABELS
from onestop.domain.validation import mask_citizen_id, mask_phone
from onestop.services.dto import EventDTO
from onestop.ui.messages import channel_label, event_label, field_label, fill, local_dt, tr_core
from PySide6.QtCore import QObject

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the default parent: the invisible root
#: Corrected fields whose old/new values are personal data: masked in the timeline too.
_MASKED = {"id_number": mask_citizen_id, "phone": mask_phone}


class EventsModel(QAbstractTableModel):
    """Time, action, user, counter and details of each event, oldest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: tuple[EventDTO, ...] = ()

    def set_events(self, events: tuple[EventDTO, ...]) -> None:
        self.beginResetModel()
        self._events = tuple(events)
        self.endResetModel()

    def kinds(self) -> list[str]:
        return [e.kind for e in self._events]

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < 5:
            return None
        return (self.tr("Thời điểm"), self.tr("Thao tác"), self.tr("Người thực hiện"),
                self.tr("Quầy"), self.tr("Chi tiết"))[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self._events[index.row()]
        col = index.column()
        if col == 0:
            return local_dt(e.at)
        if col == 1:
            return event_label(e.kind)
        if col == 2:
            return e.user
        if col == 3:
            return self.tr("Trung tâm") if e.counter == 0 else str(e.counter)
        return self._details(e)

    def _details(self, e: EventDTO) -> str:
        p = e.payload
        parts: list[str] = []
        if e.kind == "received" and p.get("channel"):
            parts.append(channel_label(p.get("channel")))
        if p.get("to"):
            parts.append(fill(self.tr("Chuyển đến: %1"), str(p["to"])))
        if p.get("missing"):
            parts.append(fill(self.tr("Cần bổ sung: %1"), "; ".join(p["missing"])))
        if p.get("new_due"):
            parts.append(fill(self.tr("Hẹn mới: %1"),
                              local_dt(datetime.fromisoformat(str(p["new_due"])))))
        if p.get("collector"):
            who = str(p["collector"])
            if p.get("collector_id"):
                who += f" ({mask_citizen_id(str(p['collector_id']))})"
            parts.append(fill(self.tr("Người nhận: %1"), who))
        if e.kind == "correct":
            mask = _MASKED.get(str(p.get("field")), lambda s: s)
            parts.append(f"{field_label(str(p.get('field')))}: "
                         f"“{mask(str(p.get('old') or ''))}” → “{mask(str(p.get('new') or ''))}”")
        if e.kind == "stop" and p.get("ground"):
            parts.append(tr_core(STOP_GROUND_LABELS.get(str(p["ground"]), str(p["ground"]))))
        if e.kind == "calendar-reschedule":
            day = str(p.get("date") or "")
            parts.append(fill(self.tr("Lịch ngày %1 thay đổi"),
                              "/".join(reversed(day.split("-")))))
            if p.get("decision"):
                parts.append(str(p["decision"]))
        if p.get("reason"):
            parts.append(str(p["reason"]))
        if p.get("override_reason"):
            parts.append(fill(self.tr("Vượt quyền: %1"), str(p["override_reason"])))
        return " · ".join(parts)
