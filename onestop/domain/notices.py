"""Notices to citizens (issue 18): what they say, and the satisfaction ratings. No Qt, no I/O.

A notice carries no personal data beyond the dossier code, the procedure name and the place
and time (the name, ID number and address of the citizen never appear). An administrator may
edit the templates; a template may use only the placeholders in :data:`PLACEHOLDERS`, so an
edited template cannot pull in anything else.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from onestop.domain.validation import ValidationError

KINDS = ("result-ready", "appointment-moved")
CHANNELS = ("email", "sms", "zalo")
#: What a template may say, and nothing else.
PLACEHOLDERS = frozenset({"code", "procedure", "place", "time", "agency"})

#: The default wording (subject, body) per notice kind; SMS and Zalo use the body only.
DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "result-ready": {
        "subject": "Hồ sơ {code} đã có kết quả",
        "body": ("Hồ sơ {code} ({procedure}) đã có kết quả. Mời ông/bà đến nhận kết quả tại "
                 "{place} từ {time}.\n{agency}"),
    },
    "appointment-moved": {
        "subject": "Hồ sơ {code}: thay đổi ngày hẹn trả kết quả",
        "body": ("Ngày hẹn trả kết quả của hồ sơ {code} ({procedure}) được đổi thành {time}. "
                 "Nơi trả kết quả: {place}.\n{agency}"),
    },
}
#: The e-mail footer (always added: the address sends only).
EMAIL_FOOTER = "\n\n-- \nThư gửi tự động từ Bộ phận Một cửa, vui lòng không trả lời thư này."

#: Satisfaction ratings (QĐ 766/QĐ-TTg), with the key of the numeric keypad for each.
RATINGS = ("very-satisfied", "satisfied", "dissatisfied")
RATING_KEYS = {"1": "very-satisfied", "2": "satisfied", "3": "dissatisfied"}
COMMENT_MAX = 500

_fmt = string.Formatter()


@dataclass(frozen=True)
class Facts:
    """What a notice may tell: code, procedure name, place and time (already local text)."""

    code: str
    procedure: str
    place: str
    time: str
    agency: str

    def values(self) -> dict[str, str]:
        return {"code": self.code, "procedure": self.procedure, "place": self.place,
                "time": self.time, "agency": self.agency}


def check_template(text: str, field: str) -> str:
    """A template an administrator typed: only known placeholders, well formed.

    Raises:
        ValidationError: ``template_placeholder`` (unknown or malformed placeholder).
    """
    try:
        names = {name for _lit, name, _spec, _conv in _fmt.parse(text) if name is not None}
    except ValueError as exc:   # an unpaired brace
        raise ValidationError(field, "template_placeholder") from exc
    bad = {n for n in names if n} - PLACEHOLDERS
    if bad or "" in names:
        raise ValidationError(field, "template_placeholder",
                              **({"value": ", ".join(sorted(bad))} if bad else {}))
    return text


def render(templates: dict[str, dict[str, str]], kind: str, facts: Facts) -> tuple[str, str]:
    """The (subject, body) of a notice of ``kind``."""
    t = {**DEFAULT_TEMPLATES[kind], **(templates.get(kind) or {})}
    values = facts.values()
    return t["subject"].format_map(values), t["body"].format_map(values)


def rating(value: Any, field: str = "rating") -> str | None:
    """A rating token (``very-satisfied|satisfied|dissatisfied``, or a keypad key 1–3)."""
    if value in (None, ""):
        return None
    text = str(value).strip().lower()
    text = RATING_KEYS.get(text, text)
    if text not in RATINGS:
        raise ValidationError(field, "invalid_choice", choices=", ".join(RATINGS))
    return text
