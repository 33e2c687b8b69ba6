"""CLI of the citizen area (issue 18): ``verify`` and ``receipt-key``.

* ``onestop verify (--file IMAGE | --text "QR TEXT") [--json]`` — is a receipt genuine?
  ``{"valid", "code", "issued_at", "unit_code", "reason"}``; exit 0 when valid, 1 when not.
* ``onestop receipt-key rotate [--json]`` — administrators: retire this counter's receipt
  signing key and make a new one (old receipts stay verifiable).

``receive --cccd-qr TEXT`` and ``--sex`` live in the ``receive`` command (cli.dossiers).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from onestop.cli.common import command, emit, open_database
from onestop.services.errors import ValidationError

EXIT_NOT_VALID = 1


def register(sub: Any) -> None:
    """Add ``verify`` and ``receipt-key``."""
    p = sub.add_parser("verify", help="check a receipt's signed QR (image or scanned text)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--file", help="photo or scan of the receipt (PNG, JPEG …)")
    src.add_argument("--text", help="the QR's text as a scanner typed it")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("receipt-key", help="this counter's receipt signing key")
    ks = p.add_subparsers(dest="key_command", required=True)
    ks.add_parser("rotate", help="retire the current key, make a new one").add_argument(
        "--json", action="store_true")


@command("verify")
def _verify(args: argparse.Namespace) -> int:
    from onestop.services import receipt_keys

    if args.file is not None:
        path = Path(args.file)
        if not path.is_file():
            raise ValidationError("file", "not_found", value=str(path))
        try:
            texts = receipt_keys.decode_image(path)
        except OSError:
            raise ValidationError("file", "invalid_value", detail=str(path)) from None
        if not texts:
            raise ValidationError("file", "verify_no_qr", value=str(path))
        # a photo may hold other QR codes (a poster, the card): the receipt's one decides
        receipt = [t for t in texts if t.startswith("OSR1|")]
        text = (receipt or texts)[0]
    else:
        text = args.text
    verdict = receipt_keys.verify(open_database(args), text)
    emit(verdict.to_json(), args.json, None if args.json else line(verdict))
    return 0 if verdict.valid else EXIT_NOT_VALID


def line(verdict: Any) -> str:
    """The verdict in one Vietnamese line (the desk's scanner says the same)."""
    from onestop.domain import messages

    code, params = verdict.message()
    return messages.message(code, **params)


@command("receipt-key")
def _receipt_key(args: argparse.Namespace) -> int:
    from onestop.domain import messages
    from onestop.services import receipt_keys

    old, new = receipt_keys.rotate(open_database(args))
    emit({"old_key_id": old, "key_id": new}, args.json,
         None if args.json else messages.message("receipt_key_rotated", value=new))
    return 0
