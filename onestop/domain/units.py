"""Receiving units and handling agencies (NĐ 118/2025/NĐ-CP: one centre, many agencies).

Since 1/7/2025 a province's dossiers are received at the provincial public service centre
(Trung tâm Phục vụ hành chính công) and its commune-level centres, whatever the deciding
agency. So two roles are kept apart:

* a **receiving unit** (:class:`Unit`) owns counters; its identity code prefixes the codes its
  counters issue (NĐ 61/2018 Điều 26(a): the body that receives the dossier), and its name,
  parent and place name head every slip;
* a **handling agency** (:class:`HandlingAgency`, cơ quan giải quyết; identity code per QĐ
  20/2020/QĐ-TTg as amended by QĐ 09/2025/QĐ-TTg) decides the procedures it owns; it may be
  valid for a period and have a successor after a merger or renaming.

The single-agency desk of the earlier releases is both at once. What a dossier records of
them is frozen at receipt (:class:`NamesAtReceipt`). Plain Python: no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from onestop.domain import codes
from onestop.domain.validation import ValidationError

#: What an ``agency`` row is: a receiving unit, a handling agency, or both.
KINDS = ("unit", "agency", "both")
#: The ``code_prefix`` setting of a unit: whose identity code prefixes its dossier codes.
CODE_PREFIXES = ("unit", "agency")
#: Separator of identity codes in the catalogue's ``agency`` column and ``procedure.agency_codes``.
SEPARATOR = "|"


@dataclass(frozen=True)
class Unit:
    """A receiving unit (the centre or one of its branches)."""

    code: str
    name: str
    parent: str = ""
    desk: str = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    address: str = ""
    place: str = ""
    phone: str = ""

    def frozen(self) -> dict[str, str]:
        """What a dossier keeps of the unit at receipt."""
        return {"code": self.code, "name": self.name, "parent": self.parent,
                "desk": self.desk, "address": self.address, "place": self.place}


@dataclass(frozen=True)
class HandlingAgency:
    """An agency that decides procedures (cơ quan giải quyết)."""

    code: str
    name: str
    parent: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None

    def valid_on(self, day: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_to is None or day <= self.valid_to))

    def frozen(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "parent": self.parent}


@dataclass(frozen=True)
class NamesAtReceipt:
    """The receiving unit, handling agency and return point as they were at receipt."""

    unit: dict[str, str]
    agency: dict[str, str]
    return_unit: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        # what dataclasses.asdict gives (copies of the three flat dicts), without its
        # recursive deep copy: every receipt builds one
        return {"unit": dict(self.unit), "agency": dict(self.agency),
                "return_unit": dict(self.return_unit)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> NamesAtReceipt | None:
        if not data:
            return None
        return cls(dict(data.get("unit") or {}), dict(data.get("agency") or {}),
                   dict(data.get("return_unit") or {}))


def split_codes(text: str | None) -> tuple[str, ...]:
    """``"A|B"`` → ``("A", "B")`` (upper-cased, blanks dropped, order kept, no repeats)."""
    out: list[str] = []
    for part in (text or "").split(SEPARATOR):
        code = part.strip().upper()
        if code and code not in out:
            out.append(code)
    return tuple(out)


def join_codes(items: Iterable[str]) -> str:
    return SEPARATOR.join(split_codes(SEPARATOR.join(items)))


def check_code(value: str | None, field_name: str) -> str:
    """A well-formed identity code (QCVN 102:2016 shape), upper-cased.

    Raises:
        ValidationError: empty or malformed.
    """
    code = (value or "").strip().upper()
    if not code:
        raise ValidationError(field_name, "required")
    if not codes.valid_agency_code(code):
        raise ValidationError(field_name, "agency_code_format", value=code)
    return code


def handling_agency(procedure_agencies: tuple[str, ...], unit_code: str,
                    requested: str | None) -> str:
    """The handling agency of a receipt.

    ``procedure_agencies`` empty means the unit itself decides (the single-agency desk).
    Without ``requested``: the only agency, or the unit itself when it is one of several;
    otherwise the officer must choose.

    Raises:
        ValidationError(``agency``): a choice is needed, or the requested agency does not
            handle the procedure.
    """
    allowed = procedure_agencies or (unit_code,)
    if requested:
        code = requested.strip().upper()
        if code not in allowed:
            raise ValidationError("agency", "agency_not_for_procedure", value=code,
                                  choices=", ".join(allowed))
        return code
    if len(allowed) == 1:
        return allowed[0]
    if unit_code in allowed:
        return unit_code
    raise ValidationError("agency", "agency_choice_needed", choices=", ".join(allowed))


def check_valid_on(agency: HandlingAgency, day: date) -> None:
    """Raises ValidationError(``agency``) when the agency is outside its validity dates."""
    if not agency.valid_on(day):
        raise ValidationError("agency", "agency_not_valid", value=agency.code,
                              successor=agency.successor or "")


def block_for(settings: Mapping[str, Any], day: date) -> int:
    """The ``code_block`` in force on ``day`` (a change takes effect from its ``since`` day;
    the days before keep the block they were issued under)."""
    block = int(settings.get("code_block", codes.DEFAULT_BLOCK))
    since = settings.get("code_block_since")
    if since and day < date.fromisoformat(str(since)):
        return int(settings.get("code_block_before", codes.LEGACY_BLOCK))
    return block
