#!/usr/bin/env bash
# Set up everything OneStop Desk needs on Debian 12, idempotently:
#   1. as root with apt-get: the Debian packages (PostgreSQL, CUPS + cups-pdf, poppler, Xvfb,
#      the libraries PySide6 needs, fonts, NSIS/binutils for the installer build);
#   2. the virtualenv .venv in the repository with the package installed editable
#      (extras test and build), pinned by constraints.txt.
# A second run only checks (dpkg-query + a stamp in .venv) and takes about a second.
#
# Environment: PYTHON (default python3.11) — the interpreter the venv is built from.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# Run a command quietly; on failure show its output and stop.
quiet() {
  local out rc=0
  out="$(mktemp)"
  "$@" >"$out" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '[setup] command failed (exit %s): %s\n' "$rc" "$*" >&2
    tail -n 60 "$out" >&2
    rm -f "$out"
    exit "$rc"
  fi
  rm -f "$out"
}

DEB_PACKAGES=(
  postgresql poppler-utils cups cups-client printer-driver-cups-pdf nsis binutils xvfb
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 fonts-dejavu-core
)

PYTHON="${PYTHON:-python3.11}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  # Debian 12's python3 is 3.11; accept any python3 >= 3.11.
  if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    PYTHON=python3
  elif [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "no Python >= 3.11 found (set PYTHON=/path/to/python3.11)"
  fi
fi

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# ---------------------------------------------------------------- Debian packages
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${DEB_PACKAGES[@]}"; do
    is_installed "$p" || missing+=("$p")
  done
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  # A Debian interpreter needs python3.11-venv for "python -m venv" (ensurepip).
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    missing+=(python3.11 python3.11-venv)
    PYTHON=python3.11
  elif ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=(python3.11-venv)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    t0=$SECONDS
    quiet apt-get update -q
    quiet apt-get install -y -q --no-install-recommends "${missing[@]}"
    log "Debian packages installed in $((SECONDS - t0)) s"
  fi
elif [ "${#missing[@]}" -gt 0 ]; then
  log "not root (or no apt-get): Debian packages NOT installed; missing: ${missing[*]}"
elif ! command -v dpkg-query >/dev/null 2>&1; then
  log "not a Debian system: skipping Debian packages (see DEB_PACKAGES in $0)"
fi

command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found"

# ---------------------------------------------------------------- virtualenv
VENV="$REPO/.venv"
if [ -e "$VENV" ] && ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
  # Recreate it only when it is clearly stale (its base interpreter is gone) and ours to delete.
  home="$(sed -nE 's/^home *= *//p' "$VENV/pyvenv.cfg" 2>/dev/null || true)"
  if [ -O "$VENV" ] && { [ -z "$home" ] || [ ! -d "$home" ]; }; then
    log "$VENV is stale (no base interpreter ${home:-?}): recreating it"
    rm -rf "$VENV"
  else
    die "$VENV/bin/python does not run for $(id -un); fix or delete $VENV and run again"
  fi
fi
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV with $("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
  quiet "$PYTHON" -m venv "$VENV"
fi

# Re-install only when the inputs changed (pyproject.toml, constraints.txt, interpreter).
STAMP="$VENV/.onestop-install-stamp"
want="$(cat pyproject.toml constraints.txt <("$VENV/bin/python" -VV) | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ] ||
  ! "$VENV/bin/python" -c 'import onestop' >/dev/null 2>&1; then
  log "installing onestop (editable, extras test+build) into .venv"
  t0=$SECONDS
  export PIP_DISABLE_PIP_VERSION_CHECK=1
  quiet "$VENV/bin/python" -m pip install -q -c constraints.txt -e ".[test,build]"
  printf '%s\n' "$want" >"$STAMP"
  log "Python packages installed in $((SECONDS - t0)) s"
fi
log "environment ready (.venv: $("$VENV/bin/python" -V 2>&1))"
