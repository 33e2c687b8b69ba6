"""Build the one-folder bundle (PyInstaller) and, optionally, the Windows installer (NSIS).

    python build_scripts/build.py                  # dist/onestop/ (OneStopDesk + onestop)
    python build_scripts/build.py --smoke          # … then run `onestop --smoke` from it
    python build_scripts/build.py --installer      # … then dist/OneStopDesk-Setup-<ver>.exe
    python build_scripts/build.py --installer-only --compression none   # script check only

The version comes from one place, ``onestop/__init__.py``; it is passed to the spec
(``ONESTOP_VERSION``, Windows version resource) and to the NSIS script (``/DVERSION``).
Prints the build time, the bundle size and, with ``--smoke``, the cold and warm start times.
On Linux the installer is compiled against the Linux bundle as a stand-in payload, which
proves the script; the real installer is built on Windows (.github/workflows/windows.yml).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "build_scripts" / "onestop.spec"
NSI = REPO / "build_scripts" / "installer" / "onestop.nsi"
BUNDLE_NAME = "onestop"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def version() -> str:
    """The version in ``onestop/__init__.py`` (the single source)."""
    text = (REPO / "onestop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise SystemExit("build: no __version__ in onestop/__init__.py")
    return match.group(1)


def version_quad(v: str) -> str:
    """``0.1.0`` → ``0.1.0.0`` (Windows version resources need four numbers)."""
    nums = [int(n) for n in re.findall(r"\d+", v)[:4]]
    return ".".join(str(n) for n in (nums + [0, 0, 0, 0])[:4])


def _windows_version_file(v: str, work: Path) -> Path:
    quad = version_quad(v).replace(".", ", ")
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({quad}), prodvers=({quad}), mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'OneStop Desk developers'),
      StringStruct('FileDescription', 'OneStop Desk - Bo phan Mot cua'),
      StringStruct('FileVersion', '{v}'), StringStruct('ProductName', 'OneStop Desk'),
      StringStruct('ProductVersion', '{v}'), StringStruct('LegalCopyright', 'GPL-3.0-or-later')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200, 1066, 1200])])]
)
"""
    path = work / "version_info.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under ``path``."""
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def build_bundle(dist: Path, work: Path, clean: bool = False) -> Path:
    """Run PyInstaller on the spec; return the bundle folder."""
    v = version()
    env = {**os.environ, "ONESTOP_VERSION": v}
    if sys.platform == "win32":
        env["ONESTOP_VERSION_FILE"] = str(_windows_version_file(v, work))
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    if clean:
        cmd.insert(3, "--clean")
    started = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, env=env, check=True)
    seconds = time.perf_counter() - started
    bundle = dist / BUNDLE_NAME
    size, count = folder_size(bundle)
    print(f"build: onestop {v} bundle {bundle}")
    print(f"build: time {seconds:.1f} s, size {size / 1e6:.1f} MB in {count} files")
    return bundle


def smoke(bundle: Path) -> None:
    """Run the built console exe: ``--version`` twice (cold, warm), then ``--smoke``."""
    exe = bundle / f"onestop{EXE_SUFFIX}"
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for label in ("cold", "warm"):
        started = time.perf_counter()
        subprocess.run([str(exe), "--version"], env=env, check=True, capture_output=True)
        print(f"build: {label} start (--version) {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    proc = subprocess.run([str(exe), "--smoke"], env=env, capture_output=True, text=True,
                          encoding="utf-8")
    print(proc.stdout, end="")
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"build: smoke test failed (exit {proc.returncode})")
    print(f"build: smoke run {time.perf_counter() - started:.2f} s")


def makensis() -> str:
    """The makensis executable (PATH, or the default Windows install folder)."""
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "NSIS" / "makensis.exe").exists():
            return str(Path(base) / "NSIS" / "makensis.exe")
    raise SystemExit("build: makensis not found (Debian: apt-get install nsis)")


def build_installer(bundle: Path, out: Path, compression: str = "lzma") -> Path:
    """Compile the NSIS script with the bundle as payload; return the installer path."""
    v = version()
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [makensis(), "-V2", "-WX", "-INPUTCHARSET", "UTF8",
           f"-DVERSION={v}", f"-DVERSION_QUAD={version_quad(v)}",
           f"-DSOURCE_DIR={bundle.resolve()}", f"-DOUTFILE={out.resolve()}",
           f"-DCOMPRESSION={compression}", str(NSI)]
    started = time.perf_counter()
    subprocess.run(cmd, cwd=NSI.parent, check=True)
    print(f"build: installer {out} {out.stat().st_size / 1e6:.1f} MB "
          f"in {time.perf_counter() - started:.1f} s ({compression})")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dist", type=Path, default=REPO / "dist")
    p.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller")
    p.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    p.add_argument("--smoke", action="store_true", help="run the built `onestop --smoke`")
    p.add_argument("--installer", action="store_true", help="also compile the NSIS installer")
    p.add_argument("--installer-only", action="store_true",
                   help="only compile the installer from an existing bundle in --dist")
    p.add_argument("--compression", choices=("lzma", "zlib", "none"), default="lzma")
    args = p.parse_args(argv)
    bundle = args.dist / BUNDLE_NAME
    if not args.installer_only:
        bundle = build_bundle(args.dist, args.work, args.clean)
        if args.smoke:
            smoke(bundle)
    if args.installer or args.installer_only:
        if not bundle.is_dir():
            raise SystemExit(f"build: no bundle in {bundle}; build it first")
        build_installer(bundle, args.dist / f"OneStopDesk-Setup-{version()}.exe",
                        args.compression)
    return 0


if __name__ == "__main__":
    sys.exit(main())
