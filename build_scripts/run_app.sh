#!/usr/bin/env bash
# THE app command (the README's): set everything up and start OneStop Desk on its embedded
# SQLite default (or $ONESTOP_DB) with demo data.
#
#   bash build_scripts/run_app.sh
#
# 1. setup_env.sh (Debian packages when root, .venv with the package);
# 2. onestop init (idempotent);
# 3. onestop demo --dossiers 5000 --seed 1, only while the database holds fewer than 100 dossiers
#    (demo itself refuses a database with real dossiers or joined to a central server);
# 4. onestop gui — on a headless machine (no DISPLAY/WAYLAND_DISPLAY) on a virtual X display
#    (Xvfb :99) started in the background.
# Environment: ONESTOP_DEMO_DOSSIERS (default 5000) changes the size of the demo data.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

log() { printf '[app] %s\n' "$*" >&2; }

bash build_scripts/setup_env.sh

ONESTOP="$REPO/.venv/bin/onestop"
[ -x "$ONESTOP" ] || { log "ERROR: $ONESTOP missing (setup failed?)"; exit 1; }

log "onestop init"
"$ONESTOP" init

# Dossiers in the database the CLI uses (--db/ONESTOP_DB/settings/default file).
count="$("$REPO/.venv/bin/python" - <<'PY' 2>/dev/null || true
from sqlalchemy import func, select

from onestop.config import database_url
from onestop.storage.db import make_engine
from onestop.storage.models import Dossier

# the application's own engine: the file is encrypted (SQLCipher), plain sqlite3 cannot read it
engine = make_engine(database_url(), create=False)
with engine.connect() as conn:
    print(conn.scalar(select(func.count()).select_from(Dossier)))
engine.dispose()
PY
)"
if ! [[ "$count" =~ ^[0-9]+$ ]]; then
  log "WARNING: could not count the dossiers in the database: demo data not loaded"
elif [ "$count" -lt 100 ]; then
  n="${ONESTOP_DEMO_DOSSIERS:-5000}"
  log "database has $count dossiers: loading $n demo dossiers (onestop demo --dossiers $n --seed 1)"
  t0=$SECONDS
  # refused (exit 2) on a database with real dossiers or joined to a central server
  if "$ONESTOP" demo --dossiers "$n" --seed 1; then
    log "demo data loaded in $((SECONDS - t0)) s"
  else
    log "demo data not loaded (see the message above); the app opens the database as it is"
  fi
else
  log "database already has $count dossiers: no demo data added"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
  export DISPLAY=:99
  if [ -S /tmp/.X11-unix/X99 ] && [ -f /tmp/.X99-lock ] &&
    kill -0 "$(tr -d ' ' </tmp/.X99-lock)" 2>/dev/null; then
    log "no display: using the virtual X display :99 that is already running"
  else
    command -v Xvfb >/dev/null 2>&1 || {
      log "ERROR: no DISPLAY/WAYLAND_DISPLAY and no Xvfb (Debian: apt-get install xvfb)"
      exit 1
    }
    log "no DISPLAY/WAYLAND_DISPLAY: starting a virtual X display (Xvfb :99) in the background;" \
      "the window will not be visible here (run this on a desktop session to see it)"
    nohup Xvfb :99 -screen 0 1366x768x24 -nolisten tcp >/tmp/onestop-xvfb.log 2>&1 </dev/null &
    for _ in $(seq 1 50); do
      [ -S /tmp/.X11-unix/X99 ] && break
      sleep 0.1
    done
    [ -S /tmp/.X11-unix/X99 ] || { log "ERROR: Xvfb did not start (/tmp/onestop-xvfb.log)"; exit 1; }
  fi
fi

log "starting the GUI (onestop gui)"
exec "$ONESTOP" gui
