"""CLI subcommands of the installation area: ``backup`` and ``restore``.

``onestop backup --out FILE`` copies the database (SQLite online backup API, checked);
``onestop backup --auto`` makes today's rotated backup in ``backup.folder`` (for a scheduled
task: it does nothing when today's copy exists); ``onestop restore FILE`` checks the file
(exit 2 naming it when it is not a sound OneStop SQLite database), keeps a safety copy of
the current database and restores.
"""

from __future__ import annotations

import argparse
from typing import Any

from onestop import config
from onestop.cli import command, emit


def register(sub: Any) -> None:
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


@command("backup")
def _backup(args: argparse.Namespace) -> int:
    from onestop.services import backup

    url = config.database_url(args.db)
    if args.auto:
        result = backup.auto_backup(url, args.folder, args.keep)
        if result is None:
            emit({"path": None, "skipped": True}, args.json, "backup: đã có bản sao lưu hôm nay")
            return 0
    else:
        result = backup.backup(url, args.out)
    out = {"path": str(result.path), "size": result.size, "revision": result.revision,
           "seconds": round(result.seconds, 3)}
    emit(out, args.json)
    return 0


@command("restore")
def _restore(args: argparse.Namespace) -> int:
    from onestop.services import backup

    db_file = backup.sqlite_file(config.database_url(args.db))
    r = backup.restore(args.file, db_file)
    out = {"source": str(r.source), "database": str(r.database), "revision": r.revision,
           "safety_copy": str(r.safety_copy) if r.safety_copy else None}
    emit(out, args.json)
    return 0
