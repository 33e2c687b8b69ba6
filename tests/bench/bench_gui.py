"""GUI benchmarks: cold start, the dossier list over N dossiers, memory, scan-to-detail.

Plain script, prints figures and ratios against a raw baseline; never asserts on time::

    python tests/bench/bench_gui.py                   # 1,000,000 dossiers (cached DB)
    python tests/bench/bench_gui.py --dossiers 20000  # a smaller, quicker database
    ONESTOP_DB_KEY=… python tests/bench/bench_gui.py --db FILE --cold-only  # an existing file

The demo database is built once with ``onestop demo`` and cached under
``/tmp/onestop-bench/demo-<N>.sqlite3`` (1,000,000 dossiers take several minutes). ``--db FILE``
measures an existing database instead (its key in ``ONESTOP_DB_KEY``, e.g. a copy of
``bench_encryption``'s encrypted file); the bench account is added to it when missing.

Figures:
* cold start: a new process until the login dialog is shown, and until the main window is
  shown after a login (Argon2 included) — vs a bare PySide6 process showing an empty window;
* list: ``reload()`` of the lazy model until the count arrived, then a jump to the last page
  until its rows are painted — vs a bare sqlite3 count and first page of ids;
* memory: resident set size of the process holding the window and the id list;
* scan-to-detail: a scanned code (keys + Enter) until the detail view shows the dossier, median
  of 20 — vs ``queries.show`` alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests import rawdb as sqlite3  # noqa: E402 - SQLCipher: the files are encrypted
CACHE = Path(os.environ.get("ONESTOP_BENCH_DIR", "/tmp/onestop-bench"))
# The demo files are encrypted (SQLCipher); one fixed bench key opens them in every process.
os.environ.setdefault("ONESTOP_DB_KEY", "5a" * 32)
USER, PASSWORD = "bench", "Tram-Hoa-Da-Lat-88"


def demo_db(n: int) -> Path:
    """The cached demo database with ``n`` dossiers and the bench account."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{n}.sqlite3"
    if not path.exists():
        part = path.with_suffix(".sqlite3.part")
        for stale in CACHE.glob(part.name + "*"):     # an interrupted build: start again
            stale.unlink()
        print(f"building {path} (once) …", flush=True)
        env = dict(os.environ, ONESTOP_HOME=tempfile.mkdtemp(prefix="onestop-bench-"))
        subprocess.run([sys.executable, "-m", "onestop", "--db", f"sqlite:///{part}", "demo",
                        "--dossiers", str(n)], check=True, cwd=REPO, env=env)
        con = sqlite3.connect(part)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        part.rename(path)
    _ensure_user(path)
    return path


def _ensure_user(path: Path) -> None:
    from onestop.services import users
    from onestop.services.context import Context

    ctx = Context.open(f"sqlite:///{path}")
    try:
        if USER not in {u.username for u in users.list_users(ctx)}:
            users.add_user(ctx, USER, "admin", "Người Đo Hiệu Năng", PASSWORD)
    finally:
        ctx.engine.dispose()


# --- cold start (subprocesses) ----------------------------------------------------------------

_COLD = textwrap.dedent('''
    import os, sys, time
    t0 = float(sys.argv[2])
    from onestop.app import preload_services
    preload_services()   # as run_gui does: the services before Qt
    from PySide6.QtWidgets import QApplication
    from onestop.app import prepare_application, open_database, build_main_window
    from onestop.ui.preferences import Preferences
    from onestop.ui.tasks import TaskRunner
    from onestop.ui.login import LoginDialog
    from onestop.services import users
    app = QApplication(sys.argv[:1])
    keep = prepare_application(app, "vi")
    ctx, agency = open_database(sys.argv[1])
    runner = TaskRunner(print)
    login = LoginDialog(ctx, runner, agency.name)
    login.show()
    while not login.windowHandle() or not login.windowHandle().isExposed():
        app.processEvents()
    app.processEvents()
    t_login = time.time() - t0
    user = users.authenticate(ctx, "%USER%", "%PASSWORD%")
    login.close()
    w = build_main_window(ctx, runner, Preferences({"ui.idle_lock_minutes": 0}), user, agency)
    w.resize(1366, 768)
    w.show()
    while not w.windowHandle().isExposed():
        app.processEvents()
    app.processEvents()
    t_window = time.time() - t0
    print(f"{t_login:.4f} {t_window:.4f}", flush=True)
    w.remove_watchers(); runner.shutdown(wait=False); os._exit(0)
''').replace("%USER%", USER).replace("%PASSWORD%", PASSWORD)

_BARE = textwrap.dedent('''
    import sys, time, os
    t0 = float(sys.argv[1])
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    w = QMainWindow(); w.resize(1366, 768); w.show()
    while not w.windowHandle().isExposed():
        app.processEvents()
    app.processEvents()
    print(f"{time.time() - t0:.4f}", flush=True)
    os._exit(0)
''')


def checkpoint(db: Path) -> None:
    """Fold the -wal a measured process left (it ends with ``os._exit``, its background
    threads may still hold a connection) back into the file, as the last connection of a
    normal quit does: a -wal nobody holds is an unclean shutdown to the next start, which
    then runs ``PRAGMA quick_check`` over the whole file (minutes at 1,000,000 dossiers)."""
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def compile_bytecode() -> None:
    """Byte-compile ``onestop`` as an installed copy is (the PyInstaller bundle and pip both
    ship ``.pyc`` files). With ``PYTHONDONTWRITEBYTECODE`` set (as on some build machines) a
    checkout would otherwise compile every module from source at every start — about a
    second of a cold start that no installed desk pays."""
    import compileall

    compileall.compile_dir(str(REPO / "onestop"), quiet=1)


def cold_start(db: Path, rounds: int = 5) -> None:
    compile_bytecode()
    env = dict(os.environ, PYTHONPATH=str(REPO), ONESTOP_HOME=tempfile.mkdtemp())
    bare, login, window = [], [], []
    for _ in range(rounds):
        out = subprocess.run([sys.executable, "-c", _BARE, repr(time.time())], env=env,
                             capture_output=True, text=True, check=True, cwd=REPO).stdout.split()
        bare.append(float(out[-1]))
        # cwd: "python -c" puts the working folder first on sys.path, before PYTHONPATH — run
        # elsewhere, another checkout's onestop would be measured
        out = subprocess.run([sys.executable, "-c", _COLD, f"sqlite:///{db}", repr(time.time())],
                             env=env, capture_output=True, text=True, check=True,
                             cwd=REPO).stdout.split()
        login.append(float(out[-2]))
        window.append(float(out[-1]))
        checkpoint(db)
    b, lg, wn = (statistics.median(x) for x in (bare, login, window))
    print(f"cold start, bare PySide6 window shown:        {b:6.3f} s (median of {rounds})")
    print(f"cold start → login dialog shown:              {lg:6.3f} s ({lg / b:.1f}× bare)")
    print(f"cold start → main window shown (with login):  {wn:6.3f} s ({wn / b:.1f}× bare)")


# --- in-process figures -----------------------------------------------------------------------

def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def raw_first_page(db: Path) -> float:
    """The floor: a bare sqlite3 count plus the first 100 ids of the default order."""
    con = sqlite3.connect(db)
    t = time.perf_counter()
    con.execute("SELECT count(*) FROM dossier WHERE status != 'void'").fetchone()
    con.execute("SELECT id FROM dossier WHERE status != 'void' "
                "ORDER BY received_at DESC, id DESC LIMIT 100").fetchall()
    elapsed = time.perf_counter() - t
    con.close()
    return elapsed


def jump_to_last(app: object, runner: object, model: object, table: object) -> float:
    """scrollToBottom until every row of the last screen is painted; seconds."""
    last = model.rowCount() - 1  # type: ignore[attr-defined]
    t = time.perf_counter()
    table.scrollToBottom()  # type: ignore[attr-defined]
    wait_for(app, lambda: model.is_loaded(last) and runner.idle)  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]
    return time.perf_counter() - t


def wait_for(app: object, predicate: object, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():  # type: ignore[operator]
        app.processEvents()  # type: ignore[attr-defined]
        if time.perf_counter() > deadline:
            raise TimeoutError
        time.sleep(0.0005)


def in_process(db: Path, scans: int = 20) -> None:
    from PySide6.QtWidgets import QApplication

    from onestop.app import build_main_window, open_database, prepare_application
    from onestop.services import users
    from onestop.ui.dossier_model import PAGE_SIZE
    from onestop.ui.preferences import Preferences
    from onestop.ui.tasks import TaskRunner

    app = QApplication(sys.argv[:1])
    keep = prepare_application(app, "vi")  # noqa: F841 - translators stay alive
    rss0 = rss_mb()
    ctx, agency = open_database(f"sqlite:///{db}")
    runner = TaskRunner(lambda exc: print("error:", exc))
    user = users.authenticate(ctx, USER, PASSWORD)
    w = build_main_window(ctx, runner, Preferences({"ui.idle_lock_minutes": 0}), user, agency)
    w.resize(1366, 768)
    w.show()
    wait_for(app, lambda: runner.idle)
    w.show_list()
    model, table = w.dossier_list.model, w.dossier_list.table
    n = model.rowCount()
    raw = raw_first_page(db)
    loaded: list[float] = []
    model.sig_loaded.connect(lambda _n: loaded.append(time.perf_counter()))
    t = time.perf_counter()
    model.reload()
    wait_for(app, lambda: loaded)
    t_ids = loaded[0] - t
    t_cold = jump_to_last(app, runner, model, table)
    loaded.clear()
    t = time.perf_counter()
    model.reload()  # drops the cached pages: the second jump reads the (now warm) database
    wait_for(app, lambda: loaded)
    t_ids = loaded[0] - t
    table.scrollToTop()
    t_warm = jump_to_last(app, runner, model, table)
    print(f"dossiers in the list:                         {n:,}")
    print(f"raw sqlite3 count + first 100 ids:            {raw * 1000:6.0f} ms")
    print(f"open list: reload → count in the model:       {t_ids * 1000:6.0f} ms "
          f"({t_ids / raw:.1f}× raw)")
    print(f"jump to the last page → rows shown (cold):    {t_cold * 1000:6.0f} ms "
          f"(page of {PAGE_SIZE})")
    print(f"jump to the last page → rows shown (warm):    {t_warm * 1000:6.0f} ms")
    print(f"open + last page (warm):                      {(t_ids + t_warm) * 1000:6.0f} ms")
    search = time.perf_counter()
    w.dossier_list.search.setText("nguyen van")
    w.dossier_list.apply_filter()
    loaded.clear()
    wait_for(app, lambda: loaded)
    print(f"folded search 'nguyen van' → ids:             "
          f"{(time.perf_counter() - search) * 1000:6.0f} ms ({model.rowCount():,} found)")
    print(f"memory (RSS) with the window and id list:     {rss_mb():6.0f} MB "
          f"(Qt + app before the DB: {rss0:.0f} MB)")
    scan_to_detail(app, w, runner, scans)


def scan_to_detail(app: object, w: object, runner: object, scans: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from onestop.services import queries
    from onestop.services.queries import DossierFilter

    ctx = w.session.ctx  # type: ignore[attr-defined]
    ids = queries.list_ids(ctx, DossierFilter(statuses=("result-ready",)))
    step = max(1, len(ids) // scans)
    codes = [r.code for r in queries.rows_by_ids(ctx, ids[::step][:scans])]
    shown: list[float] = []
    w.sig_dossier_shown.connect(lambda _d: shown.append(time.perf_counter()))  # type: ignore[attr-defined]
    gui, raw = [], []
    for code in codes:
        t = time.perf_counter()
        queries.show(ctx, code)
        raw.append(time.perf_counter() - t)
        from PySide6.QtWidgets import QApplication

        target = QApplication.focusWidget() or w  # keys go where the focus is
        shown.clear()
        t = time.perf_counter()
        for ch in code:
            QTest.sendKeyEvent(QTest.KeyAction.Click, target, Qt.Key.Key_unknown, ch,
                               Qt.KeyboardModifier.NoModifier)
        QTest.keyClick(target, Qt.Key.Key_Return)
        wait_for(app, lambda: shown)
        gui.append(shown[0] - t)
        w.show_list()  # type: ignore[attr-defined]
        wait_for(app, lambda: runner.idle)  # type: ignore[attr-defined]
    g, r = statistics.median(gui) * 1000, statistics.median(raw) * 1000
    print(f"scan → detail shown (median of {len(codes)}):          {g:6.1f} ms "
          f"(queries.show alone {r:.1f} ms, {g / r:.1f}×)")


def main() -> None:
    code = 0
    try:
        _main()
    except BaseException:  # noqa: BLE001 - report, then leave without Qt's slow teardown
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        # PySide's interpreter-exit teardown is slow on a million-row process; the figures
        # are printed already
        os._exit(code)


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, metavar="FILE",
                        help="an existing database file (key in ONESTOP_DB_KEY) instead of "
                        "the cached demo database")
    parser.add_argument("--rounds", type=int, default=5, help="cold starts measured")
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--cold-only", action="store_true")
    args = parser.parse_args()
    if args.db is not None:
        if not args.db.exists():
            parser.error(f"--db: {args.db} does not exist")
        db = args.db.resolve()
        checkpoint(db)
        _ensure_user(db)
    else:
        db = demo_db(args.dossiers)
    os.environ["ONESTOP_HOME"] = tempfile.mkdtemp(prefix="onestop-bench-home-")
    if not args.skip_cold:
        cold_start(db, args.rounds)
    if not args.cold_only:
        in_process(db)


if __name__ == "__main__":
    main()
