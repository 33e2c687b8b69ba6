"""``onestop report overview|overdue|due-soon|period|briefing`` (issue 5).

JSON on stdout by default (the same numbers the Theo dõi tab shows; lists carry each
dossier's ``code``); ``--format xlsx|pdf --out FILE`` writes the statutory period report or
the morning briefing. ``--now ISO`` pins the clock (default: now, or ``ONESTOP_NOW``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from onestop.cli.common import SubParsers, command, open_database

KINDS = ("overview", "overdue", "due-soon", "period", "briefing",
         "register")  # register: Sổ theo dõi hồ sơ, handled by cli.printing (issue 4)
FORMATS = {"overview": ("json",), "overdue": ("json",), "due-soon": ("json",),
           "period": ("json", "xlsx", "pdf"), "briefing": ("json", "pdf")}


def register(sub: SubParsers) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser("report", help="reports: overview, overdue, due soon, period, briefing")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--from", dest="date_from", help="first day of the period (default: "
                   "first day of the current month)")
    p.add_argument("--to", dest="date_to", help="last day of the period (default: last day "
                   "of the month of --from)")
    p.add_argument("--now", help="the instant the report is computed at (ISO 8601)")
    p.add_argument("--format", default="json", choices=("json", "xlsx", "pdf"))
    p.add_argument("--out", help="output file (required for xlsx and pdf)")
    p.add_argument("--limit", type=int, default=None, help="at most N dossiers per list")
    p.add_argument("--paused-days", type=int, default=None,
                   help="briefing: paused longer than N working days (default 3)")
    p.add_argument("--field", default="")
    p.add_argument("--procedure", default="")
    p.add_argument("--department", default="")
    p.add_argument("--officer", default="")
    p.add_argument("--channel", default="")
    p.add_argument("--agency", default="", help="only this handling agency's dossiers "
                   "(identity code)")
    p.add_argument("--unit", default="", help="only the dossiers this receiving unit received "
                   "(identity code)")
    p.add_argument("--json", action="store_true", help="accepted for symmetry (JSON is the "
                   "default format)")


@command("report")
def _report(args: argparse.Namespace) -> int:
    from onestop.cli.common import database_url
    from onestop.cli.printing import check_out, write_atomic
    from onestop.services import reports
    from onestop.services.errors import ValidationError

    if args.kind == "register":  # issue 4 (printing) owns the register export
        from onestop.cli.printing import report_register

        return report_register(args)
    check_out(args)
    ctx = open_database(args)
    now = reports.parse_now(args.now) if args.now else ctx.now()
    agency, unit = reports.narrowing(ctx, args.agency, args.unit)
    rf = reports.ReportFilter(field=args.field, procedure_code=args.procedure,
                              department=args.department, officer=args.officer,
                              channel=args.channel, agency_code=agency, unit_code=unit)
    if args.format not in FORMATS[args.kind]:
        raise ValidationError("format", "invalid_choice", choices=", ".join(FORMATS[args.kind]))
    if args.format != "json" and not args.out:
        raise ValidationError("file", "required")
    period = reports.parse_period(args.date_from, args.date_to, now)
    if args.format != "json":
        from onestop.services.reports import export as report_export

        data = report_export.export(ctx, args.kind, args.format, period, rf, now,
                                    args.paused_days, Path(args.out).name)
        # a bad folder is "file: …", a protected target "out: …": exit 2, no half file
        write_atomic(args.out, data, database_url(args.db))
        print(args.out, file=sys.stderr)
        return 0
    text = json.dumps(_compute(ctx, args, rf, now, period).to_json(), ensure_ascii=False,
                      default=str)
    if args.out:
        write_atomic(args.out, (text + "\n").encode("utf-8"), database_url(args.db))
    else:
        print(text)
    return 0


def _compute(ctx: Any, args: argparse.Namespace, rf: Any, now: datetime,
             period: Any) -> Any:
    from onestop.services import reports

    if args.kind == "overview":
        return reports.overview(ctx, rf, now, period, list_limit=args.limit or reports.LIST_LIMIT)
    if args.kind in ("overdue", "due-soon"):
        return reports.urgent_list(ctx, args.kind, rf, now, args.limit)
    if args.kind == "period":
        return reports.period_report(ctx, period, rf, now)
    days = reports.PAUSED_DAYS if args.paused_days is None else args.paused_days
    return reports.briefing(ctx, rf, now, paused_days=days, limit=args.limit)
