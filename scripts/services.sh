#!/usr/bin/env bash
# Makes sure the real services the test suite talks to are there:
#   - Debian's chromium (the web UI's browser test) and dovecot-imapd (the IMAP intake tests)
#   - PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379
#   - a dovecot IMAP server for the tests on 127.0.0.1:${EINVOICE_TEST_IMAP_PORT:-10143},
#     with its own config file and mail directory, so a system dovecot is left alone.
#
# Usage: scripts/services.sh ensure   (idempotent; quiet when everything is already there)
#        scripts/services.sh status   (reports, changes nothing)
#        scripts/services.sh stop-imap (stops only the test IMAP server this script started)
#
# Runs as root, or through `sudo -n` when that is available. Without either it only
# checks and tells what is missing.
set -euo pipefail

IMAP_HOST=127.0.0.1
IMAP_PORT="${EINVOICE_TEST_IMAP_PORT:-10143}"
IMAP_USER="${EINVOICE_TEST_IMAP_USER:-intake@test.local}"
IMAP_PASSWORD="${EINVOICE_TEST_IMAP_PASSWORD:-intake-test-secret}"
IMAP_DIR="${EINVOICE_TEST_IMAP_DIR:-/var/lib/einvoice-test-dovecot}"
PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379

did=()
say() { printf 'services: %s\n' "$*"; }
die() { printf 'services: ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=()
can_admin=1
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    can_admin=0
  fi
fi
as_root() { "${SUDO[@]}" "$@"; }

# A TCP port answers (bash's /dev/tcp; no client tools needed). The subshell keeps the
# descriptor from leaking; `timeout` bounds a black-holed connect.
port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

postgres_ok() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    port_open "$PG_HOST" "$PG_PORT"
  fi
}

redis_ok() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(timeout 2 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]
  else
    port_open "$REDIS_HOST" "$REDIS_PORT"
  fi
}

# Reads the IMAP greeting: a listening port alone could be some other program.
imap_ok() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$IMAP_HOST/$IMAP_PORT; IFS= read -r -t 2 line <&3; printf 'a1 LOGOUT\r\n' >&3; [[ \$line == '* OK'* ]]" 2>/dev/null
}

wait_for() { # wait_for <check-function> <what> <seconds>
  local i
  for ((i = 0; i < $3 * 5; i++)); do
    if "$1"; then return 0; fi
    sleep 0.2
  done
  die "$2 did not come up within $3 s"
}

ensure_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/sbin/dovecot ] && [ -e /usr/lib/dovecot/imap ] || missing+=(dovecot-imapd)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$can_admin" -eq 0 ]; then
    die "missing Debian packages: ${missing[*]} (run this script as root or with sudo: scripts/services.sh ensure)"
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and no apt-get to install them"
  say "installing ${missing[*]} (apt-get) ..."
  # policy-rc.d exit 101 keeps the package scripts from starting the system dovecot on
  # ports 143/993: the tests need only the private instance below.
  local policy=/usr/sbin/policy-rc.d placed_policy=0
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    placed_policy=1
  fi
  local rc=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || rc=$?
  if [ $rc -eq 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null || rc=$?
  fi
  if [ $placed_policy -eq 1 ]; then as_root rm -f "$policy"; fi
  [ $rc -eq 0 ] || die "apt-get failed (exit $rc) installing ${missing[*]}"
  did+=("installed ${missing[*]}")
}

ensure_postgres() {
  postgres_ok && return 0
  [ "$can_admin" -eq 1 ] || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT (and this user cannot start it)"
  command -v pg_ctlcluster >/dev/null 2>&1 || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT and pg_ctlcluster is not installed"
  local version log
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  log="$(mktemp)"
  [ -n "$version" ] || die "no PostgreSQL cluster under /etc/postgresql"
  say "starting PostgreSQL $version ..."
  # Daemons must not inherit our stdout: a caller's pipe (`.ci/run | tee`) would never close.
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start </dev/null >"$log" 2>&1 || cat "$log" >&2
  wait_for postgres_ok "PostgreSQL on $PG_HOST:$PG_PORT" 30
  rm -f "$log"
  did+=("started PostgreSQL $version")
}

ensure_redis() {
  redis_ok && return 0
  command -v redis-server >/dev/null 2>&1 || die "Redis does not answer on $REDIS_HOST:$REDIS_PORT and redis-server is not installed"
  say "starting Redis ..."
  local dir_args=()
  [ -d /var/lib/redis ] && dir_args=(--dir /var/lib/redis)
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    "${dir_args[@]}" </dev/null >/dev/null 2>&1
  wait_for redis_ok "Redis on $REDIS_HOST:$REDIS_PORT" 15
  did+=("started Redis")
}

# Dovecot 2.3 configuration of the private test instance (Debian 12 ships 2.3).
dovecot_config() {
  cat <<EOF
# Written by einvoice-intake scripts/services.sh for the test suite; do not edit.
# A private instance: own base_dir, state, log and port; loopback only; plain auth.
base_dir = $IMAP_DIR/run
state_dir = $IMAP_DIR/state
instance_name = einvoice-test
protocols = imap
listen = $IMAP_HOST
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = $IMAP_DIR/dovecot.log
info_log_path = $IMAP_DIR/dovecot.log
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
mail_location = maildir:$IMAP_DIR/mail/%d/%n/Maildir
mail_uid = dovecot
mail_gid = dovecot
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Processed {
    auto = subscribe
  }
  mailbox Quarantine {
    auto = subscribe
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $IMAP_DIR/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$IMAP_DIR/mail/%d/%n
}
service imap-login {
  inet_listener imap {
    address = $IMAP_HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
service stats {
  inet_listener http {
    port = 0
  }
}
EOF
}

ensure_imap() {
  local conf="$IMAP_DIR/dovecot.conf" users="$IMAP_DIR/users"
  local want_conf want_users
  want_conf="$(dovecot_config)"
  want_users="$IMAP_USER:{PLAIN}$IMAP_PASSWORD"
  local current_conf="" current_users=""
  [ -r "$conf" ] && current_conf="$(cat "$conf")"
  [ -r "$users" ] && current_users="$(cat "$users")"
  if [ "$current_conf" = "$want_conf" ] && [ "$current_users" = "$want_users" ] && imap_ok; then
    return 0
  fi
  [ "$can_admin" -eq 1 ] || die "the test IMAP server is not running on $IMAP_HOST:$IMAP_PORT (and this user cannot start it)"
  local version
  version="$(/usr/sbin/dovecot --version 2>/dev/null | cut -d' ' -f1)"
  case "$version" in
    2.3.*) ;;
    *) die "dovecot $version: this script writes a dovecot 2.3 configuration" ;;
  esac
  getent passwd dovecot >/dev/null && getent passwd dovenull >/dev/null ||
    die "the users dovecot/dovenull are missing (reinstall dovecot-core)"

  # Stop an instance of ours running with an older configuration (pid file in our base_dir only).
  if [ -r "$conf" ] && [ -s "$IMAP_DIR/run/master.pid" ]; then
    as_root /usr/sbin/dovecot -c "$conf" stop >/dev/null 2>&1 || true
    for _ in $(seq 1 25); do imap_ok || break; sleep 0.2; done
  fi
  as_root mkdir -p "$IMAP_DIR/run" "$IMAP_DIR/state" "$IMAP_DIR/mail"
  printf '%s\n' "$want_conf" | as_root tee "$conf" >/dev/null
  printf '%s\n' "$want_users" | as_root tee "$users" >/dev/null
  as_root chmod 0640 "$users"
  as_root chown root:dovecot "$users"
  as_root chown -R dovecot:dovecot "$IMAP_DIR/mail"
  # A pid file left by a killed run would make dovecot refuse to start.
  if [ -e "$IMAP_DIR/run/master.pid" ] && ! imap_ok; then as_root rm -f "$IMAP_DIR/run/master.pid"; fi
  as_root /usr/sbin/dovecot -c "$conf" </dev/null >/dev/null 2>&1 || die "dovecot failed to start; see $IMAP_DIR/dovecot.log"
  wait_for imap_ok "the test IMAP server on $IMAP_HOST:$IMAP_PORT" 15
  did+=("started test IMAP server on $IMAP_HOST:$IMAP_PORT (user $IMAP_USER)")
}

cmd_ensure() {
  ensure_packages
  ensure_postgres
  ensure_redis
  ensure_imap
  if [ ${#did[@]} -gt 0 ]; then
    local d
    for d in "${did[@]}"; do say "$d"; done
    say "ready: PostgreSQL $PG_HOST:$PG_PORT, Redis $REDIS_HOST:$REDIS_PORT, IMAP $IMAP_HOST:$IMAP_PORT ($IMAP_USER / $IMAP_PASSWORD), /usr/bin/chromium"
  fi
}

cmd_status() {
  local rc=0
  check() { if "$2"; then say "$1: ok"; else say "$1: MISSING"; rc=1; fi; }
  chromium_ok() { [ -x /usr/bin/chromium ]; }
  check "chromium (/usr/bin/chromium)" chromium_ok
  check "PostgreSQL $PG_HOST:$PG_PORT" postgres_ok
  check "Redis $REDIS_HOST:$REDIS_PORT" redis_ok
  check "IMAP $IMAP_HOST:$IMAP_PORT" imap_ok
  return $rc
}

cmd_stop_imap() {
  local conf="$IMAP_DIR/dovecot.conf"
  if [ -r "$conf" ] && [ -s "$IMAP_DIR/run/master.pid" ]; then
    as_root /usr/sbin/dovecot -c "$conf" stop && say "stopped the test IMAP server"
  else
    say "the test IMAP server is not running"
  fi
}

case "${1:-}" in
  ensure) cmd_ensure ;;
  status) cmd_status ;;
  stop-imap) cmd_stop_imap ;;
  *)
    echo "usage: scripts/services.sh ensure|status|stop-imap" >&2
    exit 2
    ;;
esac
