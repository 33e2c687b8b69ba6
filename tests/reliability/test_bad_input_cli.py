"""The bad-input corpus through the real command line, plus broken settings and database files.

A representative subset of :mod:`tests.reliability.corpus` (every operation and field, and
more) runs as ``python -m onestop …`` in a subprocess: exit code 2, exactly one
``field: message`` line in Vietnamese on stderr, no traceback, nothing on stdout, and not one
row written. A broken settings file is named (exit 2) and never makes the command fall back
silently to another database; ``--db`` still works. A database file that is not SQLite gives
exit code 4 (not a OneStop database, or a wrong key) and is left byte for byte as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onestop import config
from tests.reliability import corpus
from tests.reliability.badinput import argv, assert_vietnamese, sqlite_counts
from tests.reliability.common import NOW
from tests.support.cli import Result, Runner


def _subset() -> list[corpus.Bad]:
    """The first case of every (operation, field) and every sixth case besides."""
    chosen: dict[str, corpus.Bad] = {}
    groups: set[tuple[str, str]] = set()
    for i, case in enumerate(c for c in corpus.CASES if c.cli_ok):
        if (case.op, case.field) not in groups or i % 6 == 0:
            chosen[case.id] = case
            groups.add((case.op, case.field))
    return list(chosen.values())


SUBSET = _subset()


def refused(r: Result, rc: int, field: str) -> str:
    """Assert the exit code and one clean ``field: message`` line; return the message."""
    assert r.rc == rc, (r.out, r.err)
    assert "Traceback" not in r.err and r.out == ""
    lines = r.err.splitlines()
    assert len(lines) == 1, lines
    name, _, message = lines[0].partition(": ")
    assert name == field, lines
    return message


@pytest.mark.slow
@pytest.mark.parametrize("case", SUBSET, ids=[c.id for c in SUBSET])
def test_bad_input_on_the_command_line(case: corpus.Bad, run: Runner, seeded_db: Path,
                                       tmp_path: Path) -> None:
    before = sqlite_counts(seeded_db)
    args, stdin = argv(case, tmp_path)
    message = refused(run(*args, stdin=stdin), 2, case.field)
    assert_vietnamese(message, "")
    assert sqlite_counts(seeded_db) == before


def test_the_command_line_subset_covers_every_field() -> None:
    assert len(SUBSET) >= 50
    assert {(c.op, c.field) for c in SUBSET} == {(c.op, c.field) for c in corpus.CASES
                                                 if c.cli_ok}


@pytest.mark.parametrize("kind", corpus.BROKEN_SETTINGS)
def test_a_broken_settings_file_raises_settings_error(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(corpus.BROKEN_SETTINGS[kind])
    with pytest.raises(config.SettingsError, match=str(path).replace("\\", "\\\\")):
        config.load(path)


@pytest.mark.slow
@pytest.mark.parametrize("kind", corpus.BROKEN_SETTINGS)
def test_a_broken_settings_file_is_named_and_db_still_works(kind: str, run: Runner,
                                                             home: Path) -> None:
    settings = home / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_bytes(corpus.BROKEN_SETTINGS[kind])
    # without --db the settings file decides the database: say which file is broken
    bare = Runner(None, home, NOW)
    message = refused(bare("show", corpus.PROCESSING), 2, "settings")
    assert str(settings) in message
    assert_vietnamese(message, "settings_corrupt")
    assert not (home / "data").exists()   # no silent fallback to a new default database
    # with --db the command works as usual
    shown = run("show", corpus.PROCESSING, "--json")
    assert shown.rc == 0 and shown.json["code"] == corpus.PROCESSING


@pytest.mark.slow
@pytest.mark.parametrize("kind", corpus.NOT_SQLITE)
@pytest.mark.parametrize("command", [
    ("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An"),
    ("audit", "verify"), ("init",)], ids=["receive", "audit", "init"])
def test_a_file_that_is_not_sqlite_exits_4_untouched(kind: str, command: tuple[str, ...],
                                                     home: Path, tmp_path: Path) -> None:
    junk = tmp_path / "onestop.sqlite3"
    junk.write_bytes(corpus.NOT_SQLITE[kind])
    message = refused(Runner(junk, home, NOW)(*command), 4, "db")
    assert str(junk) in message
    assert junk.read_bytes() == corpus.NOT_SQLITE[kind]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "onestop.sqlite3"]


#: Output files that cannot be written: a folder that does not exist, or a folder itself
#: (the other refused targets are in ``tests/cli/test_out_files.py``).
BAD_OUTPUTS = {
    "period-missing-folder": ("report", "period", "--format", "xlsx", "--out", "{missing}"),
    "overview-missing-folder": ("report", "overview", "--out", "{missing}"),
    "briefing-onto-folder": ("report", "briefing", "--format", "pdf", "--out", "{folder}"),
    "register-onto-folder": ("report", "register", "--from", "2026-03-01", "--to",
                             "2026-03-31", "--format", "xlsx", "--out", "{folder}"),
    "receipt-missing-folder": ("receipt", corpus.RECEIVED, "--out", "{missing}"),
    "catalogue-missing-folder": ("catalogue", "print", "--out", "{missing}"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", BAD_OUTPUTS)
def test_an_output_file_that_cannot_be_written_is_named(name: str, run: Runner,
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "mot-thu-muc"
    folder.mkdir()
    places = {"missing": str(tmp_path / "khong-co" / "tep.out"), "folder": str(folder)}
    args = [a.format(**places) for a in BAD_OUTPUTS[name]]
    # a folder is refused before anything is made (services.outfile); a missing folder
    # fails at the write
    field, code = ("out", "out_not_regular") if "onto-folder" in name else \
        ("file", "file_write_failed")
    message = refused(run(*args), 2, field)
    assert_vietnamese(message, code)
    assert not (tmp_path / "khong-co").exists() and list(folder.iterdir()) == []
