"""The one rule for files the user names (``services.outfile``), checked without writing.

:func:`check_target` only looks (``stat`` and 16 bytes), so it is safe to ask about the
machine's own ``/dev/null`` here; the commands are tried in ``tests/cli/test_out_files.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onestop.services import outfile
from onestop.services.errors import ValidationError


def _refused(path: Path | str, code: str, database: object = None) -> None:
    with pytest.raises(ValidationError) as info:
        outfile.check_target(path, database)
    [err] = info.value.errors
    assert (err.field, err.code) == ("out", code)


def test_the_machines_null_device_is_refused() -> None:
    _refused("/dev/null", "out_not_regular")


def test_the_database_is_named_by_a_context_a_url_or_a_path(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    db = tmp_path / "du-lieu.sqlite3"
    for database in (db, f"sqlite:///{db}", str(db.relative_to(tmp_path))):
        monkeypatch.chdir(tmp_path)
        if isinstance(database, str) and not database.startswith("sqlite"):
            database = f"sqlite:///{database}"            # a relative URL
        for suffix in ("", "-wal", "-shm", "-journal"):
            _refused(f"{db}{suffix}", "out_is_database", database)
    assert outfile.check_target(tmp_path / "du-lieu.pdf", db) == tmp_path / "du-lieu.pdf"
    # PostgreSQL: no file to protect, the other rules still hold
    assert outfile.check_target(tmp_path / "a.pdf", "postgresql+psycopg://u@h/onestop")


def test_empty_and_blank_names_are_refused() -> None:
    for blank in ("", "   "):
        _refused(blank, "required")


def test_the_configured_backup_folder_is_protected(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        f'[backup]\nfolder = "{tmp_path / "usb"}"\n', encoding="utf-8")
    monkeypatch.setenv("ONESTOP_HOME", str(home))
    _refused(tmp_path / "usb" / "x.pdf", "out_in_backup_folder")
    _refused(tmp_path / "usb" / "sub" / "x.pdf", "out_in_backup_folder")
    assert outfile.check_target(tmp_path / "usb-khac" / "x.pdf")   # a neighbour is fine


def test_the_companion_files_of_any_database_are_refused(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    other = tmp_path / "quay-2.sqlite3"
    other.write_bytes(outfile.SQLITE_HEADER + bytes(100))
    for suffix in ("-wal", "-shm", "-journal"):
        _refused(f"{other}{suffix}", "out_is_sqlite")
    plain = tmp_path / "bao-cao"
    plain.write_bytes(b"text")
    assert outfile.check_target(tmp_path / "bao-cao-wal")   # beside a file that is no database
