"""The built one-folder bundle runs `onestop --smoke`; the NSIS script compiles against it.

Slow (the PyInstaller build takes one to two minutes). Figures are printed, never asserted:
run with ``-s`` to see bundle size, build time and cold start time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build_scripts" / "build.py"

pytestmark = pytest.mark.slow


def _build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BUILD), *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=1500)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundle once for this module (into a temp dist; PyInstaller's cache reused)."""
    if shutil.which("objdump") is None and sys.platform.startswith("linux"):
        pytest.fail("PyInstaller needs objdump (Debian package binutils)")
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("work")
    proc = _build("--dist", str(dist), "--work", str(work))
    print(proc.stdout)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return dist / "onestop"


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONESTOP_")}
    # the bundle must not lean on the source tree or the venv
    env.pop("PYTHONPATH", None)
    env.update(QT_QPA_PLATFORM="offscreen", ONESTOP_HOME=str(tmp / "home"))
    return env


def test_built_executable_passes_the_smoke_test(bundle: Path, tmp_path: Path) -> None:
    exe = bundle / ("onestop.exe" if sys.platform == "win32" else "onestop")
    env = _env(tmp_path)
    started = time.perf_counter()
    version = subprocess.run([str(exe), "--version"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    smoke = subprocess.run([str(exe), "--smoke"], env=env, cwd=tmp_path, capture_output=True,
                           text=True, encoding="utf-8", timeout=300)
    smoke_s = time.perf_counter() - started

    assert version.returncode == 0 and version.stdout.startswith("onestop ")
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "smoke: ok dossier=" in smoke.stdout and "qt_pages=4" in smoke.stdout
    assert not (tmp_path / "home").exists()  # the self-test used a temp dir of its own
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    print(f"\nbundle {size / 1e6:.1f} MB; cold start (--version) {cold:.2f} s; "
          f"smoke {smoke_s:.2f} s\n{smoke.stdout}")


def test_built_executable_verifies_a_receipt_photo(bundle: Path, tmp_path: Path) -> None:
    """``verify --file`` needs the QR decoder and the image reader inside the bundle."""
    exe = bundle / ("onestop.exe" if sys.platform == "win32" else "onestop")
    env = _env(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), *args], env=env, cwd=tmp_path, capture_output=True,
                              text=True, encoding="utf-8", timeout=300)

    assert run("init").returncode == 0
    code = run("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An").stdout.strip()
    assert run("receipt", code, "--out", str(tmp_path / "r.pdf")).returncode == 0
    subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png",
                    str(tmp_path / "r.pdf"), str(tmp_path / "r")], check=True)
    png = next(tmp_path.glob("r*.png"))
    verdict = run("verify", "--file", str(png), "--json")
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert '"valid": true' in verdict.stdout and code in verdict.stdout


def test_built_gui_paints_every_main_screen(bundle: Path, tmp_path: Path) -> None:
    """The desk itself (not only the wizard) starts from the bundle: Qt PDF, printing, fonts."""
    exe = bundle / ("onestop.exe" if sys.platform == "win32" else "onestop")
    env = _env(tmp_path)
    init = subprocess.run([str(exe), "init"], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert init.returncode == 0, init.stderr
    shots = tmp_path / "shots"
    gui = subprocess.run([str(exe), "gui", "--screenshots", str(shots)], env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert gui.returncode == 0, gui.stderr[-4000:]
    assert sorted(shots.glob("*.png")), gui.stderr[-4000:]


def test_bundle_holds_the_listed_data_and_no_unused_qt(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "resources" / "fonts" / "BeVietnamPro-Regular.ttf").is_file()
    assert (internal / "resources" / "fonts" / "OFL-BeVietnamPro.txt").is_file()
    assert (internal / "resources" / "catalogue" / "procedures_education.csv").is_file()
    assert (internal / "resources" / "calendar" / "overrides_vn.csv").is_file()
    assert list((internal / "onestop" / "storage" / "migrations" / "versions").glob("0001_*.py"))
    assert (internal / "holidays" / "locale" / "vi" / "LC_MESSAGES" / "VN.mo").is_file()
    names = {p.name for p in internal.rglob("*")}
    for unused in ("libQt6WebEngineCore.so.6", "libQt6Quick.so.6", "libQt6Qml.so.6",
                   "Qt6WebEngineCore.dll", "Qt6Quick.dll", "opengl32sw.dll"):
        assert unused not in names
    assert not [n for n in names if n.endswith(".qm") and n.startswith("qtbase_de")]


def test_nsis_script_compiles_against_the_bundle(bundle: Path, tmp_path: Path) -> None:
    if shutil.which("makensis") is None:
        pytest.fail("makensis not found (Debian package nsis)")
    proc = _build("--dist", str(bundle.parent), "--installer-only", "--compression", "none")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    setup = next(bundle.parent.glob("OneStopDesk-Setup-*.exe"))
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows executable
    assert setup.stat().st_size > 50e6  # the payload is in it
    print(f"\n{proc.stdout}")
