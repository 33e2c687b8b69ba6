"""Printing commands (issue 4), registered by ``cli_commands.EXTENSIONS``.

* ``onestop receipt CODE --out FILE.pdf [--layout a4|k80] [--reprint-reason R]``
* ``onestop form KIND CODE --out FILE.pdf`` (KIND: supplement, refusal, apology, stop, control)
* ``onestop report register --from D --to D --format pdf|xlsx --out FILE`` — the ``report``
  parser belongs to ``cli_reports``; it hands ``register`` to :func:`report_register`.
* ``onestop catalogue print --out FILE.pdf`` — a subcommand of ``catalogue`` (cli_commands)
  handled by :func:`catalogue_print`.

Output files are written atomically (a temporary file in the same folder, then renamed), so
a crash or a full disk never leaves half a PDF under the requested name.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from onestop.cli import _open, command, emit
from onestop.services.errors import ValidationError

LAYOUTS = ("a4", "k80")
FORM_KINDS = ("supplement", "refusal", "apology", "stop", "control")


def register(sub: Any) -> None:
    """Add ``receipt`` and ``form``."""
    p = sub.add_parser("receipt", help="print a dossier's receipt (Mẫu 01) to a PDF file")
    p.add_argument("code")
    p.add_argument("--out", required=True, help="PDF file to write")
    p.add_argument("--layout", default="a4", choices=LAYOUTS,
                   help="a4: both copies on A4; k80: 80 mm thermal roll")
    p.add_argument("--reprint-reason", help="required for every copy after the first")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("form", help="print a slip issued from a dossier's history")
    p.add_argument("kind", choices=FORM_KINDS)
    p.add_argument("code")
    p.add_argument("--out", required=True, help="PDF file to write")
    p.add_argument("--json", action="store_true")


def register_report_register(report_subparsers: Any) -> None:
    """Add ``register`` to the subparsers of ``report`` (for a subparser-based ``report``).

    The handler is :func:`report_register`; it is set as ``args.report_handler``.
    """
    p = report_subparsers.add_parser("register", help="Sổ theo dõi hồ sơ for a period")
    add_register_arguments(p)
    p.set_defaults(report_handler=report_register)


def add_register_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``report register``."""
    p.add_argument("--from", dest="date_from", required=True, help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", required=True, help="last day (YYYY-MM-DD)")
    p.add_argument("--format", default="pdf", choices=("pdf", "xlsx"))
    p.add_argument("--out", required=True)
    p.add_argument("--json", action="store_true")


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Raises:
        ValidationError: the file cannot be written (field ``file``).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)  # atomic on POSIX and Windows (same volume)
        tmp = None
    except OSError as exc:
        raise ValidationError("file", "file_write_failed", value=str(target),
                              detail=exc.strerror or str(exc)) from exc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return target


def _done(args: argparse.Namespace, data: bytes, **extra: Any) -> int:
    out = write_atomic(args.out, data)
    emit({"file": str(out), "bytes": len(data), **extra}, getattr(args, "json", False), str(out))
    return 0


@command("receipt")
def _receipt(args: argparse.Namespace) -> int:
    from onestop.services import forms

    ctx = _open(args)
    pdf = forms.receipt_pdf(ctx, args.code, args.layout, args.reprint_reason)
    return _done(args, pdf, code=args.code.strip().upper(), layout=args.layout,
                 reprint=bool(args.reprint_reason))


@command("form")
def _form(args: argparse.Namespace) -> int:
    from onestop.services import forms

    pdf = forms.form_pdf(_open(args), args.code, args.kind)
    return _done(args, pdf, code=args.code.strip().upper(), kind=args.kind)


def report_register(args: argparse.Namespace) -> int:
    """``onestop report register``: the Sổ theo dõi hồ sơ as PDF or xlsx (audited export)."""
    from onestop.services import forms

    if not getattr(args, "out", None):
        raise ValidationError("file", "required")
    for name, field in (("date_from", "from"), ("date_to", "to_date")):
        if not getattr(args, name, None):
            raise ValidationError(field, "required")
    fmt = args.format or "pdf"
    if fmt not in forms.REGISTER_FORMATS:
        raise ValidationError("format", "invalid_choice", choices=", ".join(forms.REGISTER_FORMATS))
    data = forms.register(_open(args), args.date_from, args.date_to, fmt)
    return _done(args, data, format=fmt)


def catalogue_print(args: argparse.Namespace) -> int:
    """``onestop catalogue print``: the procedure catalogue for public posting."""
    from onestop.services import forms

    return _done(args, forms.catalogue_pdf(_open(args)))
