"""Backups: online copy, backup → wipe → restore, refused files, daily rotation, the CLI."""

from __future__ import annotations

from tests import rawdb as sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from onestop.cli import main
from onestop.services.install import backup
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive

from .conftest import dump, table_rows


def _wipe(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def test_backup_wipe_restore_gives_identical_contents(initialised_db: Path, tmp_path: Path) -> None:
    before = table_rows(initialised_db)
    assert len(before["dossier"]) == 6 and before["dossier_event"]
    out = tmp_path / "stick" / "copy.sqlite3"

    result = backup.backup(f"sqlite:///{initialised_db}", out)
    _wipe(initialised_db)
    assert not initialised_db.exists()
    restored = backup.restore(out, initialised_db)

    assert result.path == out and result.size == out.stat().st_size
    assert restored.safety_copy is None  # there was nothing left to keep
    after = table_rows(initialised_db)
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table
    assert dump(initialised_db) == dump(out)


def test_backup_is_a_single_checked_file(initialised_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.sqlite3"
    backup.backup(initialised_db, out)
    assert not Path(f"{out}-wal").exists() and not Path(f"{out}.part").exists()
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_backup_sees_committed_rows_while_the_app_holds_the_database(
        initialised_db: Path, tmp_path: Path) -> None:
    ctx = Context.open(f"sqlite:///{initialised_db}")
    try:
        receive(ctx, ReceiveRequest(procedure="2.001914", name="Võ Minh Tâm"))
        with ctx.reading() as session:  # an open reader does not block the online backup
            session.connection().exec_driver_sql("SELECT count(*) FROM dossier").scalar()
            backup.backup(ctx, tmp_path / "live.sqlite3")
    finally:
        ctx.engine.dispose()
    assert len(table_rows(tmp_path / "live.sqlite3")["dossier"]) == 7


def test_restore_over_a_live_database_replaces_it_and_keeps_a_safety_copy(
        initialised_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.sqlite3"
    backup.backup(initialised_db, out)
    ctx = Context.open(f"sqlite:///{initialised_db}")
    try:
        late = receive(ctx, ReceiveRequest(procedure="2.001914", name="Đinh Văn Sau"))
        changed = table_rows(initialised_db)

        result = backup.restore(out, initialised_db)

        with ctx.reading() as session:  # the open engine sees the restored pages
            codes = session.connection().exec_driver_sql("SELECT code FROM dossier").scalars()
            assert late.code not in set(codes)
    finally:
        ctx.engine.dispose()
    restored, want = table_rows(initialised_db), table_rows(out)
    reserved = [r for r in restored.pop("local_setting") if str(r[0]).startswith("reserved.")]
    # reserved by hundreds of the daily ordinal (a counter's share is whole hundreds)
    assert sorted(reserved) == [("reserved.code." + late.code[:-2], late.code),
                                ("reserved.register." + late.register_book,
                                 str(late.register_no))]
    want.pop("local_setting")
    assert restored == want
    assert result.safety_copy is not None and result.safety_copy.parent.name == "backups"
    assert table_rows(result.safety_copy) == changed
    assert result.missing == (late.code,) and result.reserved == 2


def test_codes_printed_after_the_backup_are_never_handed_out_again(
        initialised_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A receipt in a citizen's hands keeps its code: after restoring an older backup the
    next receipt continues after the last code the replaced database had issued."""
    url = f"sqlite:///{initialised_db}"
    out = tmp_path / "morning.sqlite3"
    backup.backup(initialised_db, out)
    ctx = Context.open(url)
    try:
        printed = [receive(ctx, ReceiveRequest(procedure="2.001914", name=n))
                   for n in ("Trương Văn Một", "Trương Thị Hai")]
    finally:
        ctx.engine.dispose()
    assert main(["--db", url, "restore", str(out)]) == 0
    said = capsys.readouterr()
    assert printed[0].code in said.err and printed[1].code in said.err
    assert "không có trong bản sao lưu" in said.err
    ctx = Context.open(url)
    try:
        again = receive(ctx, ReceiveRequest(procedure="2.001914", name="Trương Văn Ba"))
        # a second restore of the same backup keeps the reservation (carried forward)
    finally:
        ctx.engine.dispose()
    assert again.code[:-3] == printed[1].code[:-3]
    assert int(again.code[-3:]) == int(printed[1].code[-3:]) + 1
    assert again.register_book == printed[1].register_book
    assert again.register_no == printed[1].register_no + 1
    assert main(["--db", url, "restore", str(out), "--json"]) == 0
    assert '"missing": ["' + again.code in capsys.readouterr().out
    ctx = Context.open(url)
    try:
        last = receive(ctx, ReceiveRequest(procedure="2.001914", name="Trương Thị Bốn"))
    finally:
        ctx.engine.dispose()
    assert int(last.code[-3:]) == int(again.code[-3:]) + 1


def _corrupt(good: Path, target: Path) -> Path:
    data = bytearray(good.read_bytes())
    page = 4096
    for offset in range(2 * page, min(len(data), 12 * page), 7):  # b-tree pages, not the header
        data[offset] = (data[offset] + 0x5A) % 256
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("kind", ["text", "empty", "corrupt", "foreign"])
def test_restore_refuses_a_bad_file_naming_it(
        kind: str, initialised_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / f"bad-{kind}.sqlite3"
    if kind == "text":
        bad.write_text("đây không phải cơ sở dữ liệu\n", encoding="utf-8")
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "corrupt":
        good = tmp_path / "good.sqlite3"
        backup.backup(initialised_db, good)
        _corrupt(good, bad)
    else:
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    before = dump(initialised_db)
    backups = initialised_db.parent / "backups"  # may hold the fixture's pre-upgrade copy
    copies_before = sorted(backups.iterdir()) if backups.exists() else []
    monkeypatch.setenv("ONESTOP_DB", f"sqlite:///{initialised_db}")

    code = main(["restore", str(bad)])

    err = capsys.readouterr().err
    # issue 16: a file that is no database cannot be told from an encrypted backup with a
    # key this PC lacks: exit 4, a message naming both
    assert code == (4 if kind == "text" else 2)
    assert err.startswith("file: ") and str(bad) in err
    if kind == "text":
        assert "sai khoá" in err and "không phải cơ sở dữ liệu" in err
    assert dump(initialised_db) == before
    copies_after = sorted(backups.iterdir()) if backups.exists() else []
    assert copies_after == copies_before  # refused before any safety copy was made


def test_corrupt_file_is_reported_as_failing_the_integrity_check(
        initialised_db: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.sqlite3"
    backup.backup(initialised_db, good)
    bad = _corrupt(good, tmp_path / "bad.sqlite3")
    with pytest.raises(backup.BadBackupFile) as info:
        backup.check_file(bad)
    assert info.value.code == "backup_corrupt"
    assert "integrity_check" in info.value.message and str(bad) in info.value.message


def test_backup_of_postgresql_url_is_refused() -> None:
    with pytest.raises(backup.BackupFailed) as info:
        backup.backup("postgresql+psycopg://u@localhost/onestop", "/tmp/x.sqlite3")
    assert info.value.code == "backup_sqlite_only" and info.value.exit_code == 5


def test_daily_backup_once_a_day_with_rotation(initialised_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    other_pc = folder / "onestop-000.00.15.H36-q2-20260101.sqlite3"
    other_pc.write_bytes(b"another counter's backup")
    made = []
    for day in range(1, 6):
        r = backup.auto_backup(initialised_db, folder, keep=3, today=datetime(2026, 11, day))
        assert r is not None
        made.append(r.path.name)
    again = backup.auto_backup(initialised_db, folder, keep=3, today=datetime(2026, 11, 5))

    assert again is None
    assert made[0] == "onestop-000.00.15.H36-q1-20261101.sqlite3"
    mine = sorted(p.name for p in folder.glob("onestop-000.00.15.H36-q1-*.sqlite3"))
    assert mine == made[2:]
    assert other_pc.exists()  # rotation never touches another counter's files


def test_daily_backup_uses_the_configured_folder(initialised_db: Path, home: Path,
                                                 tmp_path: Path) -> None:
    from onestop import config

    folder = tmp_path / "configured"
    config.save({**config.DEFAULTS, "backup.folder": str(folder), "backup.keep": 2})
    r = backup.auto_backup(f"sqlite:///{initialised_db}")
    assert r is not None and r.path.parent == folder


def test_cli_backup_and_restore_round_trip(initialised_db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{initialised_db}"
    out = tmp_path / "cli.sqlite3"
    before = table_rows(initialised_db)
    assert main(["--db", url, "backup", "--out", str(out), "--json"]) == 0
    assert str(out) in capsys.readouterr().out
    _wipe(initialised_db)
    assert main(["--db", url, "restore", str(out), "--json"]) == 0
    assert '"revision"' in capsys.readouterr().out
    assert table_rows(initialised_db) == before
    assert main(["--db", url, "backup", "--auto", "--folder", str(tmp_path / "d")]) == 0
    assert main(["--db", url, "backup", "--auto", "--folder", str(tmp_path / "d")]) == 0
    assert len(list((tmp_path / "d").iterdir())) == 1


def test_restore_refuses_while_a_write_transaction_runs_exit_5(
        initialised_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A restore never swaps the file under a writer: it waits, then refuses (try again)."""
    from onestop.services.errors import ServiceError, exit_code_for
    from onestop.storage import dblock

    out = tmp_path / "b.sqlite3"
    backup.backup(initialised_db, out)
    before = table_rows(initialised_db)
    monkeypatch.setattr(dblock, "RESTORE_WAIT_S", 0.3)
    ctx = Context.open(f"sqlite:///{initialised_db}")
    try:
        with ctx.transaction() as session:  # a receipt being written
            session.connection().exec_driver_sql("SELECT count(*) FROM dossier").scalar()
            with pytest.raises(ServiceError) as err:
                backup.restore(out, initialised_db)
    finally:
        ctx.engine.dispose()
    assert err.value.code == "restore_busy" and exit_code_for(err.value) == 5
    assert "thử lại sau" in err.value.message and str(initialised_db) in err.value.message
    assert table_rows(initialised_db) == before
    assert not list(initialised_db.parent.rglob("*before-restore*"))  # not even a safety copy


def test_a_writer_waits_for_a_restore_then_gives_up_writing_nothing(
        initialised_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from onestop.services.errors import Unavailable
    from onestop.storage import dblock

    monkeypatch.setattr(dblock, "WRITER_WAIT_S", 0.3)
    before = table_rows(initialised_db)
    ctx = Context.open(f"sqlite:///{initialised_db}")
    try:
        with dblock.exclusive(initialised_db):  # what a restore holds
            with pytest.raises(Unavailable) as err:
                receive(ctx, ReceiveRequest(procedure="2.001914", name="Phan Văn Chờ"))
        assert err.value.code == "restore_in_progress" and err.value.exit_code == 5
        assert table_rows(initialised_db) == before
        done = receive(ctx, ReceiveRequest(procedure="2.001914", name="Phan Văn Chờ"))
    finally:
        ctx.engine.dispose()
    assert done.code not in {r[0] for r in before["dossier"]}
