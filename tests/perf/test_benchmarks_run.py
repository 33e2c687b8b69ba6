"""Every benchmark in ``tests/bench/`` runs to its end at a small size, so none of them rots.

The benchmarks are started by hand at their real sizes (their docstrings say how); their
figures are never asserted here — only that each one still runs against today's code and
prints a figure beside its floor (a ratio). The house move of issue 13 broke two of them
without any test noticing; this is that test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "tests" / "bench"

#: (script, small arguments, the services it needs, a text its output must contain)
CASES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = (
    ("bench_receive.py", ("60",), (), "ratio services/floor"),
    ("bench_growth.py", ("300,600",), (), "list total (count)"),
    ("bench_encryption.py", ("200",), (), "12-month report"),
    ("bench_search.py", ("500",), (), "list search"),
    ("bench_verify.py", ("10",), (), "ratio"),
    ("bench_printing.py", ("--repeat", "3", "--batch", "5"), (), "ratio A4 / floor"),
    ("bench_reports.py", ("--dossiers", "500", "--repeat", "1"), (), "period report"),
    ("bench_gui.py", ("--dossiers", "500"), (), "cold start"),
    ("bench_print_service.py", ("--repeat", "1", "--dossiers", "60"), ("cups",), "cups a4"),
    ("bench_sync.py", ("--dossiers", "300", "--batch", "100", "--changes", "5"), ("pg",), "push:"),
    ("bench_sync_load.py", ("--counters", "4", "--processes", "2", "--minutes", "1",
                            "--interval", "15", "--speedup", "60"), ("pg",), "(OK)"),
    ("bench_portal.py", ("--dossiers", "10"), ("pg",), "link / floor"),
    ("bench_portal_column.py", ("--dossiers", "500", "--repeat", "1"), (), "x floor"),
)


@pytest.mark.slow
@pytest.mark.parametrize(("script", "args", "needs", "expect"), CASES,
                         ids=[c[0].removesuffix(".py") for c in CASES])
def test_benchmark_runs_at_a_small_size(
    script: str, args: tuple[str, ...], needs: tuple[str, ...], expect: str,
    tmp_path: Path, request: pytest.FixtureRequest,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ONESTOP_HOME"}
    env.update(ONESTOP_BENCH_DIR=str(tmp_path / "cache"), ONESTOP_HOME=str(tmp_path / "home"),
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), BENCH_ROUNDS="1")
    if "pg" in needs:
        env["ONESTOP_TEST_PG_URL"] = request.getfixturevalue("pg_url")
    if "cups" in needs:
        request.getfixturevalue("cups_queue")
    done = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert expect in output, output[-4000:]
