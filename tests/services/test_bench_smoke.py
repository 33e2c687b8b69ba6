"""The receive and growth benchmarks run at a tiny size on every test run, so they never rot
(issue 19: "CI runs each benchmark at a small size"). Figures are not checked, only that each
benchmark completes and prints its figure, floor and ratio lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_bench_receive_runs_at_a_small_size() -> None:
    out = _run("tests/bench/bench_receive.py", "20")
    assert "files encrypted" in out
    assert "raw floor, app schema" in out and "ratio services/app floor" in out


def test_bench_growth_runs_at_small_sizes() -> None:
    out = _run("tests/bench/bench_growth.py", "300,600")
    for line in ("receive", "scan lookup (show)", "list first page", "list total (count)"):
        assert line in out
    assert "×" in out
