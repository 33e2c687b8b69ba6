"""CLI subcommands of the installation area: ``backup`` and ``restore``.

``onestop backup --out FILE`` copies the database (SQLite online backup API, checked);
``onestop backup --auto`` makes today's rotated backup in ``backup.folder`` (for a scheduled
task: it does nothing when today's copy exists); ``onestop restore FILE`` checks the file
(exit 2 naming it when it is not a sound OneStop SQLite database), keeps a safety copy of
the current database and restores.
"""

from __future__ import annotations

import argparse
import sys

from onestop.cli.common import SubParsers, command, database_url, emit
from onestop.domain import messages


def register(sub: SubParsers) -> None:
    """Add ``backup`` and ``restore``."""
    p = sub.add_parser("backup", help="back the database up (SQLite online backup, checked)")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", metavar="FILE", help="write the backup to FILE")
    target.add_argument("--auto", action="store_true",
                        help="today's backup in backup.folder, keeping backup.keep copies")
    p.add_argument("--folder", help="with --auto: another folder than backup.folder")
    p.add_argument("--keep", type=int, help="with --auto: how many daily copies to keep")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("restore", help="restore the database from a backup file")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")


def _authorize(args: argparse.Namespace, action: str) -> None:
    """With ``--user``, the account must be allowed ``action`` (a refusal is audited, exit 4).

    Without it the command runs as the built-in ``system`` admin: whoever can read the
    database file can copy it anyway (see SECURITY.md).
    """
    if not args.user:
        return
    from onestop.cli.common import open_database
    from onestop.services import permissions

    ctx = open_database(args)
    try:
        permissions.check(ctx, action)
    finally:
        ctx.engine.dispose()


@command("backup")
def _backup(args: argparse.Namespace) -> int:
    from onestop.services.install import backup

    _authorize(args, "backup")
    url = database_url(args.db)
    if args.auto:
        result = backup.auto_backup(url, args.folder, args.keep)
        if result is None:
            emit({"path": None, "skipped": True}, args.json, "backup: đã có bản sao lưu hôm nay")
            return 0
    else:
        from onestop.services import outfile

        outfile.check_target(args.out, url)  # never over the database, a backup, a device
        result = backup.backup(url, args.out)
    out = {"path": str(result.path), "size": result.size, "revision": result.revision,
           "seconds": round(result.seconds, 3)}
    emit(out, args.json)
    return 0


@command("restore")
def _restore(args: argparse.Namespace) -> int:
    from onestop.services.install import backup

    _authorize(args, "backup")
    db_file = backup.sqlite_file(database_url(args.db))
    r = backup.restore(args.file, db_file)
    out = {"source": str(r.source), "database": str(r.database), "revision": r.revision,
           "safety_copy": str(r.safety_copy) if r.safety_copy else None,
           "missing": list(r.missing), "reserved": r.reserved}
    emit(out, args.json)
    if r.missing:
        shown = ", ".join(r.missing[:10]) + (" …" if len(r.missing) > 10 else "")
        print("restore: " + messages.message("restore_missing", count=len(r.missing),
                                             value=shown, file=str(r.safety_copy)),
              file=sys.stderr)
    return 0
