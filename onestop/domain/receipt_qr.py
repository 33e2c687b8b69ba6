"""The signed QR on a receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả).

Thông tư 01/2023/TT-VPCP asks a receipt's QR to carry the dossier code, the procedure code,
the applicant's identity (masked here: the QR is readable by anyone), the document's name,
the issuing system, the time and the appointment. This payload adds the issuing unit's code,
the counter, the signing key's id and an Ed25519 signature over everything before it::

    OSR1|<dossier code>|<procedure code>|<masked ID>|GTN|ONESTOP|<issued>|<due>|<unit>|<counter>|<key id>|<signature>

Times are ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh (the portal's form); ``due`` is empty for a
dossier without a fixed appointment. ``GTN`` names the document (Giấy tiếp nhận hồ sơ và
hẹn trả kết quả, Mẫu 01). The signature is the 64 bytes, base64url without padding.

The text is plain ASCII on purpose: a keyboard-wedge scanner in its default mode types
ASCII correctly and nothing else (see ``domain/cccd.py``), so the desk's scanner reads a
receipt's QR exactly, and any change — a later appointment written in, another dossier
code — breaks the signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime

from onestop.domain.calendar import VN_TZ

MAGIC = "OSR1"
DOCUMENT = "GTN"
DOCUMENT_NAME = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
SYSTEM = "ONESTOP"
_FIELDS = 12
_STAMP = "%Y%m%d%H%M%S"


class BadPayload(ValueError):
    """Not a receipt QR of this system (or cut short)."""


@dataclass(frozen=True)
class ReceiptClaim:
    """What a receipt's QR says (before its signature is checked)."""

    code: str
    procedure_code: str
    masked_id: str
    document: str
    system: str
    issued_at: datetime
    due_at: datetime | None
    unit_code: str
    counter_no: int
    key_id: str
    signed: bytes      # the exact bytes the signature covers
    signature: bytes


def stamp(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(VN_TZ).strftime(_STAMP)


def _unstamp(text: str) -> datetime:
    return datetime.strptime(text, _STAMP).replace(tzinfo=VN_TZ)


def _safe(value: str) -> str:
    """A field value that cannot break the format: ASCII, no separator."""
    return value.replace("|", "/").encode("ascii", "replace").decode("ascii")


def unsigned(code: str, procedure_code: str, masked_id: str, issued_at: datetime,
             due_at: datetime | None, unit_code: str, counter_no: int, key_id: str) -> str:
    """The payload up to (not including) its signature."""
    return "|".join((MAGIC, _safe(code), _safe(procedure_code), _safe(masked_id), DOCUMENT,
                     SYSTEM, stamp(issued_at), stamp(due_at), _safe(unit_code),
                     str(counter_no), key_id))


def with_signature(body: str, signature: bytes) -> str:
    return body + "|" + base64.urlsafe_b64encode(signature).decode("ascii").rstrip("=")


def key_id_of(public_raw: bytes) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw public bytes."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def looks_like_receipt(text: str) -> bool:
    return text.strip().upper().startswith(MAGIC + "|")


def parse(text: str) -> ReceiptClaim:
    """Split a receipt QR into its claims.

    Raises:
        BadPayload: not this format, or fields missing (a truncated scan).
    """
    t = text.strip()
    parts = t.split("|")
    if len(parts) != _FIELDS or parts[0] != MAGIC:
        raise BadPayload(t[:40])
    (_m, code, proc, masked, doc, system, issued, due, unit, counter, key_id, sig) = parts
    try:
        signature = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
        issued_at = _unstamp(issued)
        due_at = _unstamp(due) if due else None
        counter_no = int(counter)
    except (ValueError, binascii.Error) as exc:
        raise BadPayload(t[:40]) from exc
    if len(signature) != 64:
        raise BadPayload(t[:40])
    body = t[:t.rindex("|")]
    return ReceiptClaim(code, proc, masked, doc, system, issued_at, due_at, unit, counter_no,
                        key_id, body.encode("ascii", "replace"), signature)
