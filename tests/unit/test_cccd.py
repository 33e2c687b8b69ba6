"""The ID card's QR (domain/cccd.py) as the scanner modes deliver it, and the receipt QR's
format (domain/receipt_qr.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onestop.domain import cccd, receipt_qr
from onestop.domain.calendar import VN_TZ
from onestop.domain.validation import ValidationError, citizen_id_for

BIRTH = date(2003, 1, 1)
ID_M = citizen_id_for("079", BIRTH, False, 1234)
NAME, ADDRESS = "Nguyễn Văn Ấn", "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"
CARD = cccd.sample(ID_M, NAME, BIRTH, "male", ADDRESS, date(2021, 6, 15), old="025123456")


def _alt_codes_cp1252(text: str) -> str:
    """Windows: Alt+0nnn per UTF-8 byte in the ANSI code page; undefined bytes as C1."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


@pytest.mark.parametrize("typed, repaired", [
    (CARD, None),
    (_alt_codes_cp1252(CARD), "alt_code"),
    ("".join(chr(b) for b in CARD.encode("utf-8")), "alt_code"),           # Latin-1
    (" ".join(f"{b:02x}" for b in CARD.encode("utf-8")), "hex_dump"),
    (__import__("unicodedata").normalize("NFD", CARD), None),
])
def test_every_scanner_mode_that_keeps_the_bytes_gives_the_card_back(typed: str,
                                                                        repaired: str) -> None:
    card = cccd.parse(typed)
    assert (card.id_number, card.old_id, card.name, card.birth_date, card.sex, card.address,
            card.issued_on) == (ID_M, "025123456", NAME, BIRTH, "male", ADDRESS,
                                date(2021, 6, 15))
    assert card.damaged == () and card.repaired == repaired
    assert cccd.looks_like_card(typed)


@pytest.mark.parametrize("typed", [
    "".join(ch for ch in CARD if ch.isascii()),                   # dropped
    "".join(ch if ch.isascii() else "?" for ch in CARD),          # replaced
    _alt_codes_cp1252(CARD).replace("\x9d", ""),                   # a C1 byte lost on the way
])
def test_damaged_names_are_never_given_but_the_digits_are(typed: str) -> None:
    card = cccd.parse(typed)
    assert card.name is None and card.address is None
    assert set(card.damaged) == {"name", "address"}
    assert (card.id_number, card.birth_date, card.sex) == (ID_M, BIRTH, "male")
    assert card.filled() == ("id_number", "birth_date", "sex")


@pytest.mark.parametrize("typed, field, code", [
    ("|".join(CARD.split("|")[:5]), "cccd_qr", "cccd_truncated"),
    (CARD + "|x", "cccd_qr", "cccd_format"),
    ("12345|" + CARD, "cccd_qr", "cccd_format"),
    (CARD.replace(ID_M, "000" + ID_M[3:]), "id_number", "id_number_province"),
    (CARD.replace(ID_M, ID_M[:3] + "0" + ID_M[4:]), "id_number", "id_number_century"),
    (CARD.replace("01012003", "01012004"), "id_number", "id_number_year"),
    (CARD.replace("01012003", "31022003"), "cccd_qr", "cccd_date"),
    (CARD.replace("|Nam|", "|Nữ|"), "cccd_qr", "cccd_mismatch"),
    (CARD.replace("|025123456|", "|12ab|"), "cccd_qr", "cccd_format"),
])
def test_forged_or_truncated_cards_are_refused(typed: str, field: str, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        cccd.parse(typed)
    assert (err.value.first.field, err.value.first.code) == (field, code)


def test_receipt_payload_round_trip_and_any_change_breaks_the_signature() -> None:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes_raw()
    at = datetime(2026, 2, 13, 10, 0, tzinfo=VN_TZ)
    body = receipt_qr.unsigned("000.00.15.H36-260213-1001", "2.001914", "079******234", at,
                               at + timedelta(days=14), "000.00.15.H36", 1,
                               receipt_qr.key_id_of(raw))
    text = receipt_qr.with_signature(body, key.sign(body.encode()))
    assert text.isascii() and receipt_qr.looks_like_receipt(text)
    claim = receipt_qr.parse(text)
    key.public_key().verify(claim.signature, claim.signed)
    assert claim.due_at == at + timedelta(days=14) and claim.counter_no == 1
    forged = receipt_qr.parse(text.replace("20260227", "20260306"))
    with pytest.raises(Exception):
        key.public_key().verify(forged.signature, forged.signed)
    for bad in (text[:-30], "OSR1|x", text.replace("OSR1", "OSR2")):
        with pytest.raises(receipt_qr.BadPayload):
            receipt_qr.parse(bad)
