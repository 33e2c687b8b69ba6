"""The QR code printed on a chip citizen ID card (CCCD / thẻ căn cước), as a scanner types it.

The card's QR reads seven fields separated by ``|``::

    số định danh|số CMND cũ|họ và tên|ngày sinh DDMMYYYY|giới tính|nơi thường trú|ngày cấp DDMMYYYY

(the old 9-digit CMND may be empty). A keyboard-wedge scanner types it like any barcode, and
that is where the Vietnamese letters of the name and the address get hurt. What common
scanners do with characters outside ASCII over USB-HID keyboard emulation:

* **Default "US keyboard" mode** — a key press exists only for printable ASCII; most
  scanners drop other characters silently or replace them (``?``, a space), so
  ``Nguyễn Văn An`` arrives as ``Nguyn Vn An`` or ``Nguy?n V?n An``.
* **Alt-code mode** (Honeywell "ALT mode", Datalogic "control character 02", Zebra "Unicode
  / Alt keypad"): each *byte* is typed as Alt + its decimal number on the keypad, which
  Windows reads in the ANSI code page (Windows-1252 in most set-ups). The card's QR is UTF-8,
  so each Vietnamese letter arrives as two or three Latin-1 letters: ``Nguyá»…n``. This is
  reversible: encode back to Windows-1252 (or Latin-1) and decode as UTF-8.
* **Hex-dump mode** (Honeywell, for binary payloads): the bytes arrive as hexadecimal pairs
  separated by spaces (``4E 67 75 ...``); also reversible.
* **Unicode/UTF-8 keyboard modes** (newer 2D imagers, or a serial/virtual-COM set-up):
  the text arrives intact, sometimes decomposed (NFD): normalised to NFC here.

:func:`parse` repairs what can be repaired exactly and otherwise marks the name and the
address *damaged*: the caller then fills only the digits-only fields (identity number, birth
date, card date) and the sex (from digit 4 of the identity number when the word is damaged),
and asks the officer to type the rest — a damaged name is never stored.

Structure of the identity number: ``rules.md`` §9.2 (NĐ 137/2015/NĐ-CP Điều 13).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from onestop.domain.validation import PROVINCE_CODES, ValidationError

FIELD = "cccd_qr"
SEXES = ("male", "female")
_DIGITS12 = re.compile(r"[0-9]{12}")
_CMND = re.compile(r"([0-9]{9}|[0-9]{12})?")
_DMY = re.compile(r"[0-9]{8}")
_HEX_DUMP = re.compile(r"(?:[0-9A-Fa-f]{2}[ ,]?){20,}")
_FIRST_CENTURY = 19

# Every letter a Vietnamese name or address may hold (NFC), plus ASCII.
_VN_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    "bcdfghjklmnpqrstvwxz"
)
_VN_LETTERS |= {c.upper() for c in _VN_LETTERS}
_ADDRESS_PUNCT = set(" ,.-/()'0123456789")


@dataclass(frozen=True)
class CardData:
    """What a card's QR told, after repair.

    ``name`` and ``address`` are None when they arrived damaged (``damaged`` lists them);
    the digits-only fields are always set.
    """

    id_number: str
    old_id: str | None
    name: str | None
    birth_date: date
    sex: str
    address: str | None
    issued_on: date
    damaged: tuple[str, ...] = ()
    repaired: str | None = None   # "alt_code", "hex_dump" or None

    def filled(self) -> tuple[str, ...]:
        """The receive form's fields this scan fills, in form order."""
        out = ["id_number"]
        if self.name is not None:
            out.append("name")
        out += ["birth_date", "sex"]
        if self.address is not None:
            out.append("address")
        return tuple(out)


def looks_like_card(text: str) -> bool:
    """Whether scanned text is (probably) a card QR: 12 digits, then ``|`` separators.

    Cheap enough for every scan; :func:`parse` decides for certain.
    """
    t = text.strip()
    if _HEX_DUMP.fullmatch(t):
        t = _from_hex(t) or ""
    return t.count("|") >= 4 and bool(_DIGITS12.match(t)) and t[12:13] == "|"


def parse(text: str) -> CardData:
    """Parse, repair and check a card's QR text.

    Raises:
        ValidationError: on field ``cccd_qr`` — not a card QR, truncated (fewer than seven
            fields), an impossible date or a sex the number contradicts (``cccd_format``,
            ``cccd_truncated``, ``cccd_date``, ``cccd_mismatch``); on ``id_number`` — a
            structurally invalid identity number (``id_number_*``, rules.md §9.2).
    """
    raw = (text or "").strip().strip("\r\n\t")
    repaired: str | None = None
    if _HEX_DUMP.fullmatch(raw):
        decoded = _from_hex(raw)
        if decoded is None:
            raise ValidationError(FIELD, "cccd_format")
        raw, repaired = decoded, "hex_dump"
    fixed = _undo_alt_codes(raw)
    if fixed is not None:
        raw, repaired = fixed, "alt_code"
    raw = unicodedata.normalize("NFC", raw)
    parts = raw.split("|")
    if not _DIGITS12.fullmatch(parts[0].strip()):
        raise ValidationError(FIELD, "cccd_format")
    if len(parts) < 7:
        raise ValidationError(FIELD, "cccd_truncated", count=len(parts))
    if len(parts) > 7:
        raise ValidationError(FIELD, "cccd_format")
    ident, old, name, born, sex_word, address, issued = (p.strip() for p in parts)
    if not _CMND.fullmatch(old):
        raise ValidationError(FIELD, "cccd_format")
    birth = _dmy(born)
    issued_on = _dmy(issued)
    if issued_on < birth:
        raise ValidationError(FIELD, "cccd_date")
    sex_digit = _check_id(ident, birth)
    id_sex = "female" if sex_digit % 2 else "male"
    sex = _sex(sex_word)
    if sex is not None and sex != id_sex:
        raise ValidationError(FIELD, "cccd_mismatch")
    ascii_only = raw.isascii()
    damaged: list[str] = []
    clean_name = None if _damaged(name, ascii_only) else name
    if clean_name is None:
        damaged.append("name")
    clean_addr = None if _damaged(address, ascii_only, address=True) else address
    if clean_addr is None:
        damaged.append("address")
    return CardData(ident, old or None, clean_name, birth, id_sex, clean_addr, issued_on,
                    tuple(damaged), repaired)


def _check_id(ident: str, birth: date) -> int:
    """Digit 4 of a structurally valid identity number agreeing with the birth date."""
    if ident[:3] not in PROVINCE_CODES:
        raise ValidationError("id_number", "id_number_province", value=ident[:3])
    digit = int(ident[3])
    if digit // 2 + _FIRST_CENTURY != birth.year // 100:
        raise ValidationError("id_number", "id_number_century", year=birth.year)
    if ident[4:6] != f"{birth.year % 100:02d}":
        raise ValidationError("id_number", "id_number_year",
                              expected=f"{birth.year % 100:02d}")
    return digit


def _dmy(text: str) -> date:
    if not _DMY.fullmatch(text):
        raise ValidationError(FIELD, "cccd_date")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise ValidationError(FIELD, "cccd_date") from None


def _sex(word: str) -> str | None:
    """``male``/``female`` from the card's word, None when it arrived damaged."""
    w = word.strip().casefold()
    if w == "nam":
        return "male"
    if w == "nữ":
        return "female"
    return None


def _damaged(value: str, ascii_only: bool, address: bool = False) -> bool:
    """Whether a name or address cannot be trusted as the card printed it.

    A character outside the Vietnamese alphabet (a ``?``, a replacement mark, leftover
    Latin-1 letters of a half-decoded byte) is damage. So is a text that came through an
    ASCII-only channel: every Vietnamese address carries diacritics (phường, xã, tỉnh,
    thành phố …), so a card whose address has none lost its letters on the way — and the
    name with it, even when it looks plausible ("Nguyn Vn An").
    """
    if not value or ascii_only:
        return True
    allowed = _VN_LETTERS | (_ADDRESS_PUNCT if address else {" ", "-", "'"})
    return any(ch not in allowed for ch in value)


def _from_hex(text: str) -> str | None:
    try:
        return bytes.fromhex(re.sub(r"[ ,]", "", text)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def _undo_alt_codes(text: str) -> str | None:
    """UTF-8 bytes typed one by one as Alt codes: the text as it was, or None when the text
    is not such mojibake.

    Windows reads Alt+0128…0159 in the ANSI code page (Windows-1252: ``€``, ``…``, ``‡``…)
    and the five bytes that page leaves undefined as the C1 controls U+0081, U+008D,
    U+008F, U+0090, U+009D; Alt codes without the leading 0 and Linux/X11 give Latin-1.
    Each character is mapped back to its byte by whichever of the two knows it.
    """
    if text.isascii():
        return None
    out = bytearray()
    for ch in text:
        byte = _CP1252_BYTE.get(ch)
        if byte is None:
            if ord(ch) > 0xFF:
                return None      # a real letter beyond Latin-1: not byte mojibake
            byte = ord(ch)
        out.append(byte)
    try:
        fixed = out.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if fixed != text else None


_CP1252_BYTE = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0)
                if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def sex_from_id(ident: str) -> str:
    """``male``/``female`` from digit 4 of a 12-digit identity number."""
    return "female" if int(ident[3]) % 2 else "male"


def sample(ident: str, name: str, birth: date, sex: str, address: str, issued: date,
           old: str = "") -> str:
    """A card's QR text for these values (demo data and tests)."""
    word = "Nam" if sex == "male" else "Nữ"
    return "|".join((ident, old, name, birth.strftime("%d%m%Y"), word, address,
                     issued.strftime("%d%m%Y")))
