"""Printing commands (issue 4), registered by ``onestop.cli.AREAS``.

* ``onestop receipt CODE --out FILE.pdf [--layout a4|k80] [--reprint-reason R]``
* ``onestop form KIND CODE --out FILE.pdf`` (KIND: supplement, refusal, apology, stop, control)
* ``onestop report register --from D --to D --format pdf|xlsx --out FILE`` — the ``report``
  parser belongs to ``cli.reports``; it hands ``register`` to :func:`report_register`.
* ``onestop catalogue print --out FILE.pdf`` — a subcommand of ``catalogue`` (``cli.admin``)
  handled by :func:`catalogue_print`.

Output files are written atomically (a temporary file in the same folder, then renamed), so
a crash or a full disk never leaves half a PDF under the requested name; a target that would
destroy data (the database, a backup, a device, a read-only file) is refused first
(``services.outfile``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from onestop.cli.common import SubParsers, command, emit, open_database
from onestop.services.errors import ValidationError

LAYOUTS = ("a4", "k80")
FORM_KINDS = ("supplement", "refusal", "apology", "stop", "control")


def register(sub: SubParsers) -> None:
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


def register_report_register(report_subparsers: SubParsers) -> None:
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


def write_atomic(path: str | Path, data: bytes, database: Any = None) -> Path:
    """Write ``data`` to ``path`` atomically, refusing a target that would destroy data.

    See :func:`onestop.services.outfile.write_atomic` (the one place of the rule).

    Raises:
        ValidationError: the target is refused (field ``out``) or cannot be written (``file``).
    """
    from onestop.services import outfile

    return outfile.write_atomic(path, data, database)


def check_out(args: argparse.Namespace) -> None:
    """Refuse a bad ``--out`` before anything is produced (a receipt counts as printed and an
    export is audited: neither may happen for a file that is then not written)."""
    from onestop.cli.common import database_url
    from onestop.services import outfile

    if getattr(args, "out", None) is not None:
        outfile.check_target(args.out, database_url(args.db))


def _done(args: argparse.Namespace, data: bytes, **extra: Any) -> int:
    from onestop.cli.common import database_url

    out = write_atomic(args.out, data, database_url(args.db))
    emit({"file": str(out), "bytes": len(data), **extra}, getattr(args, "json", False), str(out))
    return 0


@command("receipt")
def _receipt(args: argparse.Namespace) -> int:
    from onestop.services import forms

    check_out(args)
    ctx = open_database(args)
    pdf = forms.receipt_pdf(ctx, args.code, args.layout, args.reprint_reason)
    return _done(args, pdf, code=args.code.strip().upper(), layout=args.layout,
                 reprint=bool(args.reprint_reason))


@command("form")
def _form(args: argparse.Namespace) -> int:
    from onestop.services import forms

    check_out(args)
    pdf = forms.form_pdf(open_database(args), args.code, args.kind)
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
    check_out(args)
    data = forms.register(open_database(args), args.date_from, args.date_to, fmt)
    return _done(args, data, format=fmt)


def catalogue_print(args: argparse.Namespace) -> int:
    """``onestop catalogue print``: the procedure catalogue for public posting."""
    from onestop.services import forms

    check_out(args)
    return _done(args, forms.catalogue_pdf(open_database(args)))
