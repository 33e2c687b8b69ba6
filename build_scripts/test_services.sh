#!/usr/bin/env bash
# Throwaway services for the test suite.
#
#   bash build_scripts/test_services.sh start    # PostgreSQL on 127.0.0.1 + CUPS queue ONESTOP_PDF
#   eval "$(bash build_scripts/test_services.sh env)"
#   bash build_scripts/test_services.sh status   # exit 0 when both are up
#   bash build_scripts/test_services.sh stop
#
# State lives in $ONESTOP_TEST_STATE_DIR (default: <repo>/.test-services). When that folder is
# not reachable by the postgres user (e.g. a clone under /root) or its path is too long for a
# unix socket, the PostgreSQL data dir goes to /tmp/onestop-pg-<hash> instead (likewise the
# cups-pdf output dir to /tmp/onestop-cups-pdf-<hash>).
#
# PostgreSQL: a fresh cluster (initdb) on every start that finds no running server; listens on
# 127.0.0.1 only, port 55432 or the next free one ($ONESTOP_TEST_PG_PORT to choose another),
# unix socket in the state dir, trust for the socket, scram-sha-256 over TCP; superuser
# "onestop" with a random password and database "onestop_test". fsync is off: throwaway data.
# CUPS: reuses a running cupsd or starts /usr/sbin/cupsd (and stops it again only if it started
# it); queue ONESTOP_PDF ($ONESTOP_TEST_CUPS_QUEUE to name another) on its own cups-pdf instance
# (device cups-pdf:/onestop_pdf, config /etc/cups/cups-pdf-onestop_pdf.conf with Out and
# AnonDirName set to the output dir), so the system's default /etc/cups/cups-pdf.conf and any
# other PDF printer stay untouched. Configuring needs root; as another user an existing queue
# is used if present, otherwise CUPS is skipped with a warning.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${ONESTOP_TEST_STATE_DIR:-$REPO/.test-services}"
mkdir -p "$STATE"
STATE="$(cd "$STATE" && pwd)"

QUEUE="${ONESTOP_TEST_CUPS_QUEUE:-ONESTOP_PDF}"
INSTANCE="$(printf '%s' "$QUEUE" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_-' '_')"
CUPS_CONF="/etc/cups/cups-pdf-$INSTANCE.conf"
PG_USER=onestop
PG_DB=onestop_test
PG_DEFAULT_PORT="${ONESTOP_TEST_PG_PORT:-55432}"
IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

log() { printf '[services] %s\n' "$*" >&2; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

hash_of() { printf '%s' "$1" | sha1sum | cut -c1-10; }

# Is the process $1 alive and named $2?
proc_is() {
  local state
  [ -n "$1" ] && [ -r "/proc/$1/comm" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 1
  state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null || true)"
  [ "$state" != Z ] && [ "$state" != X ] # a zombie is not running
}

# ====================================================================== PostgreSQL
pg_bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then
    printf '%s\n' "$d"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  else
    die "PostgreSQL server binaries not found (Debian: apt-get install postgresql)"
  fi
}

# Run a command as the PostgreSQL owner: postgres when root, else the current user.
as_pg() {
  if [ "$IS_ROOT" -eq 1 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Where the cluster lives: <state>/pg when the postgres user can reach it and the socket path
# fits (108 bytes), else a folder under /tmp named after the state dir.
pg_base() {
  local base="$STATE/pg"
  if [ "${#base}" -gt 80 ] ||
    { [ "$IS_ROOT" -eq 1 ] && ! runuser -u postgres -- test -x "$STATE" 2>/dev/null; }; then
    base="/tmp/onestop-pg-$(hash_of "$STATE")"
  fi
  printf '%s\n' "$base"
}

port_free() {
  if command -v ss >/dev/null 2>&1; then
    ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
  else
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

pick_port() {
  local p="$1" i
  for i in $(seq 0 200); do
    if port_free "$((p + i))"; then
      printf '%s\n' "$((p + i))"
      return 0
    fi
  done
  die "no free TCP port in $p..$((p + 200))"
}

# Remove postmaster.pid when it names a process that is not a running postgres
# (stale after a crash or a container restart; the pid may now belong to someone else).
pg_clear_stale_pid() {
  local data="$1" pid
  [ -f "$data/postmaster.pid" ] || return 0
  pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
  if ! proc_is "$pid" postgres; then
    log "removing stale $data/postmaster.pid (pid ${pid:-?} is not a running postgres)"
    rm -f "$data/postmaster.pid"
  fi
}

pg_running() { # data dir
  [ -f "$1/postmaster.pid" ] && proc_is "$(head -n 1 "$1/postmaster.pid")" postgres
}

pg_ready() { # port
  "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$1" -d postgres -t 2 >/dev/null 2>&1
}

pg_psql() { # port, sql...
  local port="$1" base
  shift
  base="$(cat "$STATE/pg.base")"
  (cd / && as_pg "$(pg_bindir)/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$base/run" -p "$port" \
    -U postgres -d postgres "$@")
}

pg_start() {
  local t0=$SECONDS bin base data port password attempt started=0
  bin="$(pg_bindir)"
  base="$(pg_base)"
  data="$base/data"
  if [ "$IS_ROOT" -eq 1 ] && ! id postgres >/dev/null 2>&1; then
    die "user postgres does not exist (Debian: apt-get install postgresql)"
  fi
  mkdir -p "$base"
  printf '%s\n' "$base" >"$STATE/pg.base"
  [ "$IS_ROOT" -eq 1 ] && chown postgres:postgres "$base"
  chmod 700 "$base"

  if [ ! -s "$STATE/pg.password" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 >"$STATE/pg.password")
  fi
  password="$(cat "$STATE/pg.password")"

  pg_clear_stale_pid "$data"
  port="$(cat "$STATE/pg.port" 2>/dev/null || true)"
  if pg_running "$data"; then
    if [ -n "$port" ] && pg_ready "$port"; then
      log "PostgreSQL already running on 127.0.0.1:$port (reused)"
      started=1
    else
      log "PostgreSQL in $data runs but does not answer: stopping it"
      (cd / && as_pg "$bin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1) || true
    fi
  fi

  if [ "$started" -eq 0 ]; then
    rm -rf "$data"
    mkdir -p "$base/run"
    [ "$IS_ROOT" -eq 1 ] && chown postgres:postgres "$base/run"
    chmod 700 "$base/run"
    local out
    if ! out="$(cd / && as_pg "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "initdb failed"
    fi
    (cd / && as_pg tee -a "$data/postgresql.conf") >/dev/null <<EOF

# ---- onestop throwaway test server ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$base/run'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
password_encryption = 'scram-sha-256'
log_min_messages = warning
EOF
    for attempt in 1 2 3 4 5; do
      port="$(pick_port "$PG_DEFAULT_PORT")"
      if (cd / && as_pg "$bin/pg_ctl" -D "$data" -l "$base/postgres.log" -o "-p $port" \
        -w -t 60 start >/dev/null 2>&1 9>&-); then
        started=1
        break
      fi
      warn "PostgreSQL did not start on port $port (attempt $attempt); log:"
      tail -n 5 "$base/postgres.log" >&2 || true
      PG_DEFAULT_PORT=$((port + 1))
    done
    [ "$started" -eq 1 ] || die "could not start PostgreSQL (log: $base/postgres.log)"
    printf '%s\n' "$port" >"$STATE/pg.port"
  fi

  local i
  for i in $(seq 1 60); do
    pg_ready "$port" && break
    [ "$i" -eq 60 ] && die "pg_isready: PostgreSQL on 127.0.0.1:$port not ready after 30 s"
    sleep 0.5
  done

  # Superuser with a password (tests CREATE ROLE for row-level security) and the test database.
  pg_psql "$port" -v pw="$password" <<'EOF'
SELECT format('CREATE ROLE onestop SUPERUSER LOGIN PASSWORD %L', :'pw')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'onestop') \gexec
ALTER ROLE onestop SUPERUSER LOGIN PASSWORD :'pw';
SELECT 'CREATE DATABASE onestop_test OWNER onestop'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'onestop_test') \gexec
EOF
  log "PostgreSQL $("$bin/postgres" -V | awk '{print $3}') ready on 127.0.0.1:$port (data $data) in $((SECONDS - t0)) s"
}

pg_stop() {
  local base data
  base="$(cat "$STATE/pg.base" 2>/dev/null || pg_base)"
  data="$base/data"
  [ -d "$data" ] || return 0
  pg_clear_stale_pid "$data"
  if pg_running "$data"; then
    if (cd / && as_pg "$(pg_bindir)/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1); then
      log "PostgreSQL stopped"
    else
      warn "pg_ctl stop -m fast failed; trying immediate"
      (cd / && as_pg "$(pg_bindir)/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1) || true
    fi
  fi
  pg_running "$data" || rm -rf "$data" "$STATE/pg.port"
}

pg_env() {
  local port password
  port="$(cat "$STATE/pg.port" 2>/dev/null || true)"
  password="$(cat "$STATE/pg.password" 2>/dev/null || true)"
  if [ -n "$port" ] && [ -n "$password" ] && pg_ready "$port"; then
    printf 'export ONESTOP_TEST_PG_URL=%q\n' \
      "postgresql+psycopg://$PG_USER:$password@127.0.0.1:$port/$PG_DB"
  else
    warn "PostgreSQL test server is not running (run: $0 start)"
    return 1
  fi
}

# ====================================================================== CUPS
cups_out_dir() {
  local out="$STATE/cups-pdf-out"
  # cups-pdf writes as the job's user (or nobody): every parent must be traversable.
  if [ "$IS_ROOT" -eq 1 ] && ! runuser -u nobody -- test -x "$STATE" 2>/dev/null; then
    out="/tmp/onestop-cups-pdf-$(hash_of "$STATE")"
  fi
  printf '%s\n' "$out"
}

scheduler_running() { LC_ALL=C lpstat -r 2>/dev/null | grep -q 'scheduler is running'; }

# cupsd is shared by every checkout on the machine (one scheduler, one queue each): each run
# that uses it holds a lease file here, and the run that started it stops it only when no
# other lease is left, so one run's stop never takes CUPS away from another run mid-way.
CUPS_LEASES="/tmp/onestop-test-cupsd-leases"
CUPS_LEASE="$CUPS_LEASES/$(hash_of "$STATE")"

cups_lease_take() {
  mkdir -p "$CUPS_LEASES"
  printf '%s\n' "$STATE" >"$CUPS_LEASE"
}

# The other runs that still use cupsd: their lease names a state dir whose queue is ready,
# or was taken in the last 10 minutes (that run is still starting).
cups_other_users() {
  local f st
  for f in "$CUPS_LEASES"/*; do
    [ -f "$f" ] && [ "$f" != "$CUPS_LEASE" ] || continue
    st="$(cat "$f" 2>/dev/null || true)"
    if { [ -n "$st" ] && [ -f "$st/cups.ok" ]; } || [ -n "$(find "$f" -mmin -10 2>/dev/null)" ]; then
      printf '%s\n' "$st"
    else
      rm -f "$f" # stale: that run has stopped
    fi
  done
}

cupsd_start_or_reuse() {
  local pid i
  pid="$(cat "$STATE/cupsd.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && ! proc_is "$pid" cupsd; then
    log "removing stale $STATE/cupsd.pid (pid $pid is not cupsd)"
    rm -f "$STATE/cupsd.pid"
    pid=""
  fi
  if [ -n "$pid" ] && scheduler_running; then
    log "cupsd already running (pid $pid, started by this script)"
    return 0
  fi
  if pgrep -x cupsd >/dev/null 2>&1 && scheduler_running; then
    log "cupsd already running (not ours: reused, will not be stopped)"
    return 0
  fi
  [ -x /usr/sbin/cupsd ] || die "/usr/sbin/cupsd not found (Debian: apt-get install cups)"
  mkdir -p /run/cups /var/spool/cups/tmp /var/log/cups
  nohup /usr/sbin/cupsd -f </dev/null >>"$STATE/cupsd.log" 2>&1 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$STATE/cupsd.pid"
  for i in $(seq 1 100); do
    scheduler_running && break
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$STATE/cupsd.pid"
      tail -n 20 "$STATE/cupsd.log" /var/log/cups/error_log >&2 2>/dev/null || true
      die "cupsd exited at once"
    fi
    [ "$i" -eq 100 ] && die "cupsd not answering after 20 s (see /var/log/cups/error_log)"
    sleep 0.2
  done
  log "cupsd started (pid $pid)"
}

cups_model() {
  local m
  if [ -f /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd ]; then
    printf '%s\n' "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"
    return 0
  fi
  m="$(lpinfo -m 2>/dev/null | grep -i 'cups-pdf' | grep -i '_opt' | head -n 1 | cut -d' ' -f1)"
  [ -n "$m" ] || m="$(lpinfo -m 2>/dev/null | grep -i pdf | head -n 1 | cut -d' ' -f1)"
  [ -n "$m" ] || die "no cups-pdf PPD found (Debian: apt-get install printer-driver-cups-pdf)"
  printf '%s\n' "$m"
}

# Print a trivial job and wait (<= 30 s) for its PDF; delete it afterwards.
cups_selftest() {
  local out="$1" title req i f
  title="onestop-selftest-$$-$RANDOM"
  req="$(echo "OneStop Desk print queue self-test" | lp -d "$QUEUE" -t "$title" 2>&1)" ||
    die "lp failed: $req"
  for i in $(seq 1 60); do
    f="$(find "$out" -maxdepth 1 -type f -name "*${title}*.pdf" 2>/dev/null | head -n 1)"
    if [ -n "$f" ] && [ -s "$f" ]; then
      sleep 0.2 # cups-pdf may still be closing the file
      rm -f "$f"
      return 0
    fi
    sleep 0.5
  done
  lpstat -W not-completed -o "$QUEUE" >&2 || true
  tail -n 20 /var/log/cups/error_log /var/log/cups/cups-pdf-"$QUEUE"_log >&2 2>/dev/null || true
  die "no PDF from queue $QUEUE in $out after 30 s ($req)"
}

cups_start() {
  local t0=$SECONDS out model
  rm -f "$STATE/cups.ok"
  for tool in lp lpstat lpadmin; do
    command -v "$tool" >/dev/null 2>&1 || {
      warn "$tool not found: CUPS queue skipped (Debian: apt-get install cups cups-client printer-driver-cups-pdf)"
      return 1
    }
  done
  if [ "$IS_ROOT" -eq 1 ]; then
    cups_lease_take
    cupsd_start_or_reuse
    out="$(cups_out_dir)"
    mkdir -p "$out"
    chmod 0777 "$out"
    # cups-pdf reads cups-pdf-<instance>.conf for device cups-pdf:/<instance> (at each job).
    cat >"$CUPS_CONF" <<EOF
# Written by onestop build_scripts/test_services.sh for the test queue $QUEUE.
Out $out
AnonDirName $out
Grp lpadmin
DecodeHexStrings 1
EOF
    model="$(cups_model)"
    local msg
    msg="$(lpadmin -p "$QUEUE" -E -v "cups-pdf:/$INSTANCE" -m "$model" \
      -D "OneStop Desk test queue (cups-pdf)" 2>&1)" || die "lpadmin failed: $msg"
    cupsaccept "$QUEUE"
    cupsenable "$QUEUE"
    cancel -a "$QUEUE" >/dev/null 2>&1 || true
  else
    if ! scheduler_running || ! lpstat -p "$QUEUE" >/dev/null 2>&1; then
      warn "not root and no running CUPS queue $QUEUE: CUPS skipped (run this script as root once)"
      return 1
    fi
    out="$(sed -nE 's/^[[:space:]]*Out[[:space:]]+//p' "$CUPS_CONF" | tail -n 1)"
    if [ -z "$out" ] || [ ! -w "$out" ]; then
      warn "cups-pdf output dir '${out:-?}' is not writable here: CUPS skipped"
      return 1
    fi
  fi
  LC_ALL=C lpstat -p "$QUEUE" | grep -q 'enabled' || die "queue $QUEUE is not enabled: $(lpstat -p "$QUEUE" 2>&1)"
  cups_selftest "$out"
  printf '%s\n' "$out" >"$STATE/cups.ok"
  log "CUPS queue $QUEUE ready (PDFs in $out) in $((SECONDS - t0)) s"
}

cups_stop() {
  local pid i others
  rm -f "$STATE/cups.ok" "$CUPS_LEASE"
  pid="$(cat "$STATE/cupsd.pid" 2>/dev/null || true)"
  [ -n "$pid" ] || return 0
  others="$(cups_other_users)"
  if [ -n "$others" ] && proc_is "$pid" cupsd; then
    log "cupsd (pid $pid) left running: other test runs use it ($(printf '%s' "$others" | tr '\n' ' '))"
    rm -f "$STATE/cupsd.pid"
    return 0
  fi
  if proc_is "$pid" cupsd; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
      proc_is "$pid" cupsd || break
      sleep 0.2
    done
    if proc_is "$pid" cupsd; then
      warn "cupsd (pid $pid) ignored SIGTERM: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "cupsd stopped (pid $pid)"
  fi
  rm -f "$STATE/cupsd.pid"
}

cups_env() {
  local out
  out="$(cat "$STATE/cups.ok" 2>/dev/null || true)"
  if [ -n "$out" ] && scheduler_running; then
    printf 'export ONESTOP_TEST_CUPS_QUEUE=%q\n' "$QUEUE"
    printf 'export ONESTOP_TEST_CUPS_OUT=%q\n' "$out"
  else
    warn "CUPS test queue is not ready (run: $0 start)"
    return 1
  fi
}

# ====================================================================== main
# One start/stop at a time per state dir (the daemons must not inherit fd 9).
lock() {
  exec 9>"$STATE/.flock"
  if ! flock -w 120 9; then
    [ "$1" = stop ] || die "another test_services.sh start/stop holds $STATE/.flock"
    warn "$STATE/.flock is held by another process: stopping anyway"
  fi
}

case "${1:-}" in
  start)
    lock start
    t0=$SECONDS
    pg_start
    if [ "$IS_ROOT" -eq 1 ]; then
      cups_start
    else
      cups_start || true
    fi
    log "services up in $((SECONDS - t0)) s; state in $STATE"
    ;;
  stop)
    lock stop
    rc=0
    pg_stop || rc=1
    cups_stop || rc=1
    exit "$rc"
    ;;
  env)
    rc=0
    pg_env || rc=1
    cups_env || rc=1
    exit "$rc"
    ;;
  status) # exit 0 when both services are up
    rc=0
    if pg_env >/dev/null 2>&1; then
      echo "postgresql: running on 127.0.0.1:$(cat "$STATE/pg.port")"
    else
      echo "postgresql: stopped"
      rc=1
    fi
    if cups_env >/dev/null 2>&1; then
      echo "cups: queue $QUEUE ready, PDFs in $(cat "$STATE/cups.ok")"
    else
      echo "cups: not ready"
      rc=1
    fi
    exit "$rc"
    ;;
  *)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
