"""Command line of the public service centre (issue 14): receiving units and handling agencies.

* ``onestop agency add CODE --name NAME [--parent P] [--valid-from D] [--valid-to D]
  [--successor CODE] [--unit] [--place P] [--address A] [--update]`` and
  ``onestop agency list [--json]``;
* the options it adds to ``init`` (area ``admin``) (``--unit-code/--unit-name/--unit-parent/--unit-place/
  --unit-address``) and ``receive`` (``--agency``, ``--return-unit``).
"""

from __future__ import annotations

import argparse
from typing import Any

from onestop.cli.common import command, emit, open_database


def register(sub: Any) -> None:
    p = sub.add_parser("agency", help="receiving units and handling agencies")
    acts = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    a = acts.add_parser("add", help="add (or with --update edit) a handling agency or a unit")
    a.add_argument("code")
    a.add_argument("--name")
    a.add_argument("--parent")
    a.add_argument("--valid-from")
    a.add_argument("--valid-to")
    a.add_argument("--successor")
    a.add_argument("--place", help="place name printed in the date line (a unit)")
    a.add_argument("--address")
    a.add_argument("--unit", action="store_true",
                   help="a receiving unit (a centre or branch), not a handling agency")
    a.add_argument("--update", action="store_true", help="edit an agency already there")
    a.add_argument("--json", action="store_true")
    a = acts.add_parser("list", help="every unit and agency")
    a.add_argument("--json", action="store_true")

    init = sub.choices["init"]
    init.add_argument("--unit-code", help="identity code of the receiving unit")
    init.add_argument("--unit-name")
    init.add_argument("--unit-parent")
    init.add_argument("--unit-place")
    init.add_argument("--unit-address")

    demo = sub.choices["demo"]
    demo.add_argument("--centre", action="store_true",
                      help="the Lâm Đồng public service centre (several agencies)")

    receive = sub.choices["receive"]
    receive.add_argument("--agency", help="identity code of the handling agency")
    receive.add_argument("--return-unit", help="identity code of the unit returning the result")


def unit_options(args: argparse.Namespace) -> dict[str, Any] | None:
    """The receiving unit ``init`` was given (None: the single-agency shorthand)."""
    if not getattr(args, "unit_code", None) and not getattr(args, "unit_name", None):
        return None
    return {"code": args.unit_code, "name": args.unit_name, "parent": args.unit_parent,
            "place": args.unit_place, "address": args.unit_address}


@command("agency")
def _agency(args: argparse.Namespace) -> int:
    from onestop.services import agencies

    ctx = open_database(args)
    if args.action == "list":
        rows = agencies.list_agencies(ctx)
        if args.json:
            emit({"agencies": rows}, True)
        else:
            for r in rows:
                print(f"{r['code']}\t{r['kind']}\t{r['name']}\t{r['parent'] or ''}")
        return 0
    row = agencies.add_agency(
        ctx, args.code, args.name, parent=args.parent, valid_from=args.valid_from,
        valid_to=args.valid_to, successor=args.successor,
        kind="unit" if args.unit else "agency", place=args.place, address=args.address,
        update=args.update)
    emit(row, args.json, None if args.json else row["code"])
    return 0
