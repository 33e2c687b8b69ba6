"""CLI of the dossier area: ``receive``, ``show``, ``find``, ``event``, ``correct``, ``due``.

The contract is in the README and issue 2; tests rely on it exactly.
"""

from __future__ import annotations

import argparse
import json

from onestop.cli.common import SubParsers, command, emit, open_database
from onestop.domain.workflow import ACTION_KINDS


def register(sub: SubParsers) -> None:
    """Add this area's subcommands."""
    p = sub.add_parser("receive", help="receive a dossier")
    p.add_argument("--procedure", required=True)
    p.add_argument("--name", help="required unless --cccd-qr gives it")
    p.add_argument("--id-number")
    p.add_argument("--birth-date")
    p.add_argument("--sex", help="male|female")
    p.add_argument("--cccd-qr", metavar="TEXT",
                   help="the ID card's QR text: fills the fields not given explicitly")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--address")
    p.add_argument("--org")
    p.add_argument("--channel", default="direct")
    p.add_argument("--sets", default="1")
    p.add_argument("--document", action="append", default=[])
    p.add_argument("--fee-paid", action="store_true")
    p.add_argument("--notes")
    p.add_argument("--refuse", metavar="REASON", help="intake refusal (Mẫu 03)")
    p.add_argument("--received-at")
    p.add_argument("--clock-confirmed", action="store_true",
                   help="an administrator confirms the PC clock although it is behind the "
                        "latest recorded time")
    p.add_argument("--notify-email", metavar="E", help="send result-ready notices to this "
                   "e-mail address (the citizen opts in)")
    p.add_argument("--notify-sms", metavar="PHONE", help="send result-ready notices by SMS "
                   "to this mobile number (the citizen opts in)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show a dossier and its history")
    p.add_argument("code")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("find", help="search dossiers by code, ID number, phone or name")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("event", help="record a workflow event")
    p.add_argument("code")
    p.add_argument("kind", choices=ACTION_KINDS)
    p.add_argument("--reason")
    p.add_argument("--to")
    p.add_argument("--missing", action="append", default=[])
    p.add_argument("--new-due")
    p.add_argument("--collector")
    p.add_argument("--collector-id")
    p.add_argument("--override-reason")
    p.add_argument("--ground", help="stop: applicant-request, no-supplement or other")
    p.add_argument("--rating", help="return: the citizen's satisfaction, very-satisfied, "
                   "satisfied or dissatisfied (or 1, 2, 3)")
    p.add_argument("--comment", help="return: the citizen's comment on the service")
    p.add_argument("--at")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("correct", help="correct a saved dossier's data, with a reason")
    p.add_argument("code")
    p.add_argument("--field", required=True)
    p.add_argument("--value", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("due", help="preview an appointment and its explanation")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--days")
    g.add_argument("--procedure")
    p.add_argument("--received-at", required=True)
    p.add_argument("--json", action="store_true")


# --- handlers ---------------------------------------------------------------------------------

@command("receive")
def _receive(args: argparse.Namespace) -> int:
    from onestop.services.reception import ReceiveRequest, receive

    ctx = open_database(args)
    d = receive(ctx, ReceiveRequest(
        procedure=args.procedure, name=args.name or "", id_number=args.id_number,
        birth_date=args.birth_date, phone=args.phone, email=args.email, address=args.address,
        org=args.org, channel=args.channel, sets=args.sets, documents=args.document,
        fee_paid=args.fee_paid, notes=args.notes, received_at=args.received_at,
        refuse_reason=args.refuse, clock_confirmed=args.clock_confirmed,
        agency=args.agency, return_unit=args.return_unit, sex=args.sex, cccd_qr=args.cccd_qr,
        notify_email=args.notify_email, notify_sms=args.notify_sms))
    full = d.to_json(with_events=False)
    keys = ("code", "id", "received_at", "due_at", "status", "register_book", "register_no",
            "agency_code", "unit_code", "return_unit_code")
    emit({k: full[k] for k in keys} | {"timeliness": full["timeliness"]}, args.json,
         None if args.json else d.code)
    return 0


@command("show")
def _show(args: argparse.Namespace) -> int:
    from onestop.services.queries import show

    d = show(open_database(args), args.code)
    data = d.to_json()
    portal = d.portal or {}     # issue 17: the national portal's state
    data["portal"] = {"state": portal.get("state"), "at": portal.get("at")}
    if args.json:
        emit(data, True)
    else:
        for key, value in data.items():
            if key != "events":
                print(f"{key}: {value}")
        for e in data["events"]:
            print(f"  {e['at']}  {e['kind']:<20} {e['user']}  {json.dumps(e['payload'], ensure_ascii=False)}")
    return 0


@command("find")
def _find(args: argparse.Namespace) -> int:
    from onestop.domain import messages
    from onestop.services.dto import iso
    from onestop.services.queries import search_dossiers

    found = search_dossiers(open_database(args), args.query, args.limit)
    items = [{"code": r.code, "name": r.applicant_name, "procedure": r.procedure_name,
              "status": r.status, "timeliness": r.timeliness, "received_at": iso(r.received_at),
              "due_at": iso(r.due_at)} for r in found.rows]
    if args.json:
        emit({"total": found.total, "results": items}, True)
        return 0
    for i in items:
        print(f"{i['code']}  {i['status']:<20} {i['name']}  {i['procedure']}")
    if found.truncated:  # a cut list must not look complete
        print(messages.message("find_truncated", shown=len(items), total=found.total))
    return 0


@command("event")
def _event(args: argparse.Namespace) -> int:
    from onestop.services.processing import EventRequest, record

    d = record(open_database(args), args.code, EventRequest(
        kind=args.kind, reason=args.reason, to=args.to, missing=args.missing,
        new_due=args.new_due, collector=args.collector, collector_id=args.collector_id,
        override_reason=args.override_reason, at=args.at, ground=args.ground,
        rating=args.rating, comment=args.comment))
    data = d.to_json()
    emit(data, args.json, None if args.json else f"{d.code}: {d.status}")
    return 0


@command("correct")
def _correct(args: argparse.Namespace) -> int:
    from onestop.services.reception import correct

    d = correct(open_database(args), args.code, args.field, args.value, args.reason)
    emit(d.to_json(), args.json, None if args.json else f"{d.code}: {args.field}")
    return 0


@command("due")
def _due(args: argparse.Namespace) -> int:
    from onestop.services.deadlines import due_preview

    r = due_preview(open_database(args), args.received_at, days=args.days, procedure=args.procedure)
    data = r.to_json()
    if args.json:
        emit({"due_at": data["due_at"], "skipped": data["skipped"], "notes": data["notes"]}, True)
    else:
        print(data["due_at"])
        for s in data["skipped"]:
            print(f"  {s['date']}  {s['reason']}")
    return 0
