"""Words for the codes and tokens the core returns, in the language the user chose.

The core has ONE Vietnamese catalogue (:mod:`onestop.domain.messages`). Vietnamese is the
source language of our Qt translations, so the GUI looks every catalogue string up in the
``DomainMessages`` translation context at call time (never at import time: the translator is
installed after import). ``build_scripts/update_translations.py`` copies the catalogue into
``resources/i18n/*.ts`` so translators see it beside the widget strings.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from onestop.domain import messages as m
from onestop.domain.calendar import VN_TZ
from onestop.domain.clock import datetime_text
from onestop.domain.validation import FieldError, ValidationError
from onestop.services.errors import ServiceError

CONTEXT = "DomainMessages"

#: Filing channels in the order the receive form offers them.
CHANNELS: tuple[str, ...] = tuple(m.CHANNEL_LABELS)
#: Roles, lowest first.
ROLES: tuple[str, ...] = tuple(m.ROLE_LABELS)


_PLACEHOLDER = re.compile(r"%(\d+)")


def fill(template: str, *args: object) -> str:
    """A translated Qt template with its ``%1`` … ``%n`` filled in, in one pass (what
    ``QString.arg`` does): ``fill(self.tr("Quầy %1"), 3)``. A value that itself holds ``%2``
    is left as it is, and a placeholder without a value stays visible."""
    def put(m: re.Match[str]) -> str:
        i = int(m.group(1))
        return str(args[i - 1]) if 1 <= i <= len(args) else m.group(0)
    return _PLACEHOLDER.sub(put, template)


def tr_core(text: str) -> str:
    """Translate one catalogue string (identity when Vietnamese is in use)."""
    return QCoreApplication.translate(CONTEXT, text)


def field_label(field: str | None) -> str:
    """The label of a field key (``phone`` → "Số điện thoại")."""
    return tr_core(m.label(field))


def render(code: str, field: str | None = None, **params: Any) -> str:
    """The message of an error code, like :func:`messages.message` but translated."""
    field = field or m._DEFAULT_FIELDS.get(code)
    values = m._Params({k: m._render(v) for k, v in params.items()})
    values["label"] = field_label(field)
    # pick the same template the catalogue would, then look up its translation
    return tr_core(m._template(code, set(params))).format_map(values)


def field_error_text(err: FieldError) -> str:
    """One field error as a sentence."""
    base = err.field.split("[", 1)[0]  # catalogue rows are ``name[3]``: label by the key
    return render(err.code, base, **err.params)


def error_text(exc: BaseException) -> str:
    """The user-facing text of an expected error (all field errors, one per line)."""
    if isinstance(exc, ValidationError):
        return "\n".join(field_error_text(e) for e in exc.errors)
    if isinstance(exc, ServiceError):
        return render(exc.code, exc.field, **exc.params)
    return str(exc)


def _token(token: str | None, table: dict[str, str]) -> str:
    if token is None:
        return ""
    return tr_core(table.get(token, token))


def status_label(token: str | None) -> str:
    return _token(token, m.STATUS_LABELS)


def timeliness_label(token: str | None) -> str:
    return _token(token, m.TIMELINESS_LABELS)


def event_label(token: str | None) -> str:
    return _token(token, m.EVENT_LABELS)


def channel_label(token: str | None) -> str:
    return _token(token, m.CHANNEL_LABELS)


def role_label(token: str | None) -> str:
    return _token(token, m.ROLE_LABELS)


def counter_label(number: int | None) -> str:
    """"Quầy 3", or the central block (counter 0: online portal and VNeID imports)."""
    #: Counter 0 is the central block of codes: dossiers imported from the online portal.
    if number == 0:
        return QCoreApplication.translate("Counter", "Trung tâm (trực tuyến)")
    return fill(QCoreApplication.translate("Counter", "Quầy %1"), str(number or ""))


def local_dt(value: datetime | None) -> str:
    """An instant in agency local time, the way Vietnamese forms write it."""
    return datetime_text(value)


def local_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(VN_TZ).date()
    return value.strftime("%d/%m/%Y")


def money(vnd: int | None) -> str:
    """Đồng with dots as thousands separators ("50.000 đ")."""
    if not vnd:
        return QCoreApplication.translate("Money", "Không thu")
    return f"{vnd:,}".replace(",", ".") + " đ"
