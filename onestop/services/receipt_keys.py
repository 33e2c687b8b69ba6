"""Each counter's Ed25519 key for the signed QR on its receipts, and verifying a receipt.

* The **private key** never leaves the counter's PC: it goes to the OS keyring (Windows
  Credential Manager, macOS Keychain, Secret Service) under ``OneStopDesk`` /
  ``receipt-key:<key id>`` when one is usable, otherwise to ``receipt-keys.json`` beside the
  settings, created with mode 0600 — the same rule as the central password
  (``storage.credentials``). A counter works offline, so it signs without the central server.
* The **public key** is a ``receipt_key`` row (key id, agency code and name, counter),
  queued for sync in the same transaction: the central database publishes it and every
  counter pulls every agency's keys, so any desk verifies any receipt offline once it has
  synced. A receipt signed by a key the desk has not pulled yet is ``unknown_key``, not
  forged.
* **Rotation** (``onestop receipt-key rotate``, administrators) marks the current key
  retired and makes a new one; retired keys stay in the table, so old receipts still verify.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from onestop import config
from onestop.domain import receipt_qr as rq
from onestop.domain.calendar import VN_TZ
from onestop.services import audit, permissions
from onestop.services.context import Context
from onestop.storage.models import Agency, Dossier, Outbox, ReceiptKey, uuid7
from onestop.storage import credentials

KEYS_FILE = "receipt-keys.json"
_ACCOUNT = "receipt-key:"


@dataclass(frozen=True)
class Signer:
    key_id: str
    private: Ed25519PrivateKey
    agency_code: str
    counter_no: int

    def sign(self, body: str) -> str:
        return rq.with_signature(body, self.private.sign(body.encode("ascii")))


@dataclass(frozen=True)
class Verdict:
    """The answer of ``onestop verify`` (and of the desk's scanner)."""

    valid: bool
    reason: str        # "genuine", "altered", "unknown_key", "appointment_changed", "not_receipt"
    code: str | None = None
    issued_at: datetime | None = None
    due_at: datetime | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    counter_no: int | None = None
    key_id: str | None = None

    def message(self) -> tuple[str, dict[str, Any]]:
        """``(message code, parameters)`` of the one-line answer (``domain.messages``)."""
        return f"verify_{self.reason}", {
            "value": self.code or "", "unit": self.unit_name or self.unit_code or "",
            "counter": self.counter_no, "at": local_time(self.issued_at)}

    def to_json(self) -> dict[str, Any]:
        return {"valid": self.valid, "code": self.code,
                "issued_at": self.issued_at.isoformat() if self.issued_at else None,
                "unit_code": self.unit_code, "reason": self.reason,
                "unit_name": self.unit_name, "counter": self.counter_no,
                "due_at": self.due_at.isoformat() if self.due_at else None,
                "key_id": self.key_id}


# ------------------------------------------------------------------------ private keys


def _keys_path() -> Path:
    return config.paths().config_dir / KEYS_FILE


def _store_private(key_id: str, raw: bytes) -> None:
    text = base64.b64encode(raw).decode("ascii")
    if credentials.keyring_usable():
        import keyring

        try:
            keyring.set_password(credentials.SERVICE, _ACCOUNT + key_id, text)
            return
        except Exception:  # noqa: BLE001, S110 - a locked or broken keyring: use the file
            pass
    path = _keys_path()
    data = credentials._read_file(path)
    data[key_id] = text
    credentials._write_file(path, data)


def _load_private(key_id: str) -> Ed25519PrivateKey | None:
    text: str | None = None
    if credentials.keyring_usable():
        import keyring

        try:
            text = keyring.get_password(credentials.SERVICE, _ACCOUNT + key_id)
        except Exception:  # noqa: BLE001 - a locked keyring: maybe the file has it
            text = None
    if not text:
        text = credentials._read_file(_keys_path()).get(key_id)
    if not text:
        return None
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))
    except (ValueError, TypeError):
        return None


def _public_text(private: Ed25519PrivateKey) -> tuple[str, bytes]:
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii"), raw


# ------------------------------------------------------------------------------ signing


def _current(session: Session, agency_code: str, counter_no: int) -> Signer | None:
    rows = session.scalars(select(ReceiptKey).where(
        ReceiptKey.agency_code == agency_code, ReceiptKey.counter_no == counter_no,
        ReceiptKey.retired_at.is_(None)).order_by(ReceiptKey.created_at.desc()))
    for row in rows:
        private = _load_private(row.key_id)
        if private is not None:
            return Signer(row.key_id, private, agency_code, counter_no)
    return None


def _create(session: Session, ctx: Context) -> Signer:
    ident = ctx.identity(session)
    agency = session.get(Agency, ident.agency_id)
    assert agency is not None
    private = Ed25519PrivateKey.generate()
    public, raw = _public_text(private)
    key_id = rq.key_id_of(raw)
    _store_private(key_id, private.private_bytes_raw())  # before the row: never a key without
    row = ReceiptKey(id=uuid7(), key_id=key_id, agency_code=ident.agency_code,
                     agency_name=agency.name[:200], counter_no=ident.counter_no,
                     public_key=public, version=1)
    session.add(row)
    session.add(Outbox(table_name="receipt_key", row_id=row.id))
    session.flush()
    return Signer(key_id, private, ident.agency_code, ident.counter_no)


def existing(session: Session, ctx: Context) -> Signer | None:
    """This counter's current signing key, if it has one (read only)."""
    ident = ctx.identity(session)
    return _current(session, ident.agency_code, ident.counter_no)


def signer_in(session: Session, ctx: Context) -> Signer:
    """This counter's signing key, made and published in the caller's transaction when it
    has none yet (the first receipt printed after installing or upgrading)."""
    return existing(session, ctx) or _create(session, ctx)


def signer(ctx: Context) -> Signer:
    """This counter's signing key; made and published (queued for sync) on first use."""
    with ctx.reading() as session:
        found = existing(session, ctx)
    if found is not None:
        return found
    with ctx.transaction() as session:
        return signer_in(session, ctx)


def rotate(ctx: Context) -> tuple[str | None, str]:
    """Retire this counter's current key and make a new one; ``(old key id, new key id)``.

    Raises:
        Forbidden: not an administrator.
    """
    with ctx.transaction() as session:
        permissions.require(session, ctx, "settings")
        ident = ctx.identity(session)
        old = _current(session, ident.agency_code, ident.counter_no)
        now = ctx.now()
        for row in session.scalars(select(ReceiptKey).where(
                ReceiptKey.agency_code == ident.agency_code,
                ReceiptKey.counter_no == ident.counter_no, ReceiptKey.retired_at.is_(None))):
            row.retired_at = now
            row.version += 1
            session.add(Outbox(table_name="receipt_key", row_id=row.id))
        new = _create(session, ctx)
        audit.append(session, ctx.actor(session), "receipt_key.rotate", target=new.key_id,
                     old=old.key_id if old else None)
        return (old.key_id if old else None), new.key_id


def receipt_text(sign: Signer, code: str, procedure_code: str, masked_id: str,
                 received_at: datetime, due_at: datetime | None) -> str:
    """The signed QR text of a receipt."""
    return sign.sign(rq.unsigned(code, procedure_code, masked_id, received_at, due_at,
                                 sign.agency_code, sign.counter_no, sign.key_id))


# ---------------------------------------------------------------------------- verifying


def verify(ctx: Context, text: str) -> Verdict:
    """Check a receipt's QR text against the public keys this desk holds.

    ``genuine`` — the signature holds (and, when this desk holds the dossier, its current
    appointment is the one printed); ``altered`` — a key signed something else;
    ``unknown_key`` — no key with that id here yet (sync first); ``appointment_changed`` —
    a genuine slip whose appointment has since moved; ``not_receipt`` — not this format.
    """
    try:
        claim = rq.parse(text)
    except rq.BadPayload:
        return Verdict(False, "not_receipt")
    with ctx.reading() as session:
        key = session.scalar(select(ReceiptKey).where(ReceiptKey.key_id == claim.key_id))
        current = None
        if key is not None:
            current = session.execute(select(Dossier.due_at, Dossier.status).where(
                Dossier.code == claim.code)).first()
    base = dict(code=claim.code, issued_at=claim.issued_at, due_at=claim.due_at,
                unit_code=claim.unit_code, counter_no=claim.counter_no, key_id=claim.key_id)
    if key is None:
        return Verdict(False, "unknown_key", **base)  # type: ignore[arg-type]
    base["unit_name"] = key.agency_name
    if not _holds(key, claim):
        return Verdict(False, "altered", **base)  # type: ignore[arg-type]
    if current is not None and rq.stamp(current.due_at) != rq.stamp(claim.due_at):
        return Verdict(False, "appointment_changed", **base)  # type: ignore[arg-type]
    return Verdict(True, "genuine", **base)  # type: ignore[arg-type]


def _holds(key: ReceiptKey, claim: rq.ReceiptClaim) -> bool:
    if key.agency_code != claim.unit_code or key.counter_no != claim.counter_no:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(key.public_key)).verify(
            claim.signature, claim.signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def decode_image(path: str | os.PathLike[str]) -> list[str]:
    """The texts of the QR codes in an image file (PNG, JPEG …), via zxing-cpp."""
    import zxingcpp
    from PIL import Image

    with Image.open(path) as img:
        img.load()
        found = zxingcpp.read_barcodes(img.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in found]


def local_time(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


__all__ = ["KEYS_FILE", "Signer", "Verdict", "decode_image", "receipt_text", "rotate",
           "signer", "verify"]
