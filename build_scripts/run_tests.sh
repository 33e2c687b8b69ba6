#!/usr/bin/env bash
# THE test command (the README's, and CI's through .ci/run):
#
#   bash build_scripts/run_tests.sh              # the whole suite
#   bash build_scripts/run_tests.sh tests/unit   # one pytest run with these arguments
#
# Sets up the environment (setup_env.sh), starts the throwaway PostgreSQL server and CUPS
# queue (test_services.sh), runs pytest on the offscreen Qt platform and stops the services on
# exit (unless they were already running before: then they are left as they were).
# Whole suite: the fast tests on 2 xdist workers (PostgreSQL tests grouped on one worker), then
# the slow ones serially; both must pass ("no slow tests collected" counts as a pass).
#
# Environment: ONESTOP_KEEP_SERVICES=1 leaves the services running afterwards;
# ONESTOP_TEST_BUDGET (seconds, default 4800, only when CI is set) interrupts a hung run so its
# traceback is printed before CI's own 90-minute limit.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

log() { printf '[tests] %s\n' "$*" >&2; }
T0=$SECONDS

bash build_scripts/setup_env.sh
log "setup done in $((SECONDS - T0)) s"

# Services that were already up (a developer's, or another run's in this checkout) stay up.
KEEP="${ONESTOP_KEEP_SERVICES:-0}"
if bash build_scripts/test_services.sh status >/dev/null 2>&1; then
  log "test services already running: reusing them, and leaving them running"
  KEEP=1
fi
stop_services() {
  if [ "$KEEP" = 1 ]; then
    log "services left running (stop them with: bash build_scripts/test_services.sh stop)"
  else
    bash build_scripts/test_services.sh stop || true
  fi
}
trap stop_services EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t1=$SECONDS
bash build_scripts/test_services.sh start
eval "$(bash build_scripts/test_services.sh env)"
log "services up in $((SECONDS - t1)) s"

export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE="${PYTHONDONTWRITEBYTECODE:-1}"
PY="$REPO/.venv/bin/python"

in_ci() { case "${CI:-}" in "" | 0 | false | no) return 1 ;; *) return 0 ;; esac; }

# pytest, interrupted with SIGINT (so it prints where it hung) when the CI budget is spent.
pytest_run() {
  if in_ci && command -v timeout >/dev/null 2>&1; then
    local left=$((${ONESTOP_TEST_BUDGET:-4800} - (SECONDS - T0)))
    [ "$left" -gt 60 ] || left=60
    timeout --signal=INT --kill-after=60 "$left" "$PY" -m pytest "$@"
  else
    "$PY" -m pytest "$@"
  fi
}

if [ "$#" -gt 0 ]; then
  rc=0
  pytest_run "$@" || rc=$?
  log "pytest exit code $rc; total $((SECONDS - T0)) s"
  exit "$rc"
fi

rc_fast=0
log "run 1/2: tests not marked slow, 2 workers"
pytest_run -n 2 --dist loadgroup -m "not slow" || rc_fast=$?

# Collect first: when there is no slow test, skip the run rather than end the log on pytest's
# "0 selected" line (CI reads the last runner summary).
rc_slow=0
rc_collect=0
"$PY" -m pytest -q --collect-only -m slow -p no:cacheprovider >/dev/null 2>&1 || rc_collect=$?
if [ "$rc_collect" -eq 5 ]; then
  log "run 2/2: no tests marked slow (counted as a pass)"
else
  log "run 2/2: tests marked slow"
  pytest_run -m slow || rc_slow=$?
  if [ "$rc_slow" -eq 5 ]; then
    log "no slow tests collected: counted as a pass"
    rc_slow=0
  fi
fi

log "results: fast run exit $rc_fast, slow run exit $rc_slow; total $((SECONDS - T0)) s"
if [ "$rc_fast" -ne 0 ] || [ "$rc_slow" -ne 0 ]; then
  exit 1
fi
