#!/usr/bin/env bash
# Installs, starts and stops a real Redmine (Debian 12 packages, SQLite, WEBrick) for Boxsync's integration tests.
#
#   bash .ci/redmine-setup.sh install   # idempotent: packages, WEBrick gem, REST API on, admin API key on disk,
#                                       # a public saved query "Boxsync IT: bugs" (first tracker, any status)
#   bash .ci/redmine-setup.sh start     # install if needed, start WEBrick detached, wait, write the env file
#   bash .ci/redmine-setup.sh stop      # stop the server started by `start` (pid file)
#   bash .ci/redmine-setup.sh status    # exit 0 when the server answers
#
# Environment: REDMINE_PORT (3000), REDMINE_ENV_FILE (/tmp/boxsync-redmine.env), REDMINE_STATE_DIR
# (/var/tmp/boxsync-redmine: pid file, log, admin API key), REDMINE_START_TIMEOUT (120 s).
# Must run as root (apt-get, su www-data); a non-root caller with password-less sudo is re-run through sudo.
# The env file contains `export REDMINE_URL=...` and `export REDMINE_API_KEY=...`; `start` also prints them.
set -euo pipefail

PORT="${REDMINE_PORT:-3000}"
ENV_FILE="${REDMINE_ENV_FILE:-/tmp/boxsync-redmine.env}"
STATE_DIR="${REDMINE_STATE_DIR:-/var/tmp/boxsync-redmine}"
REDMINE_HOME=/usr/share/redmine
PID_FILE="$STATE_DIR/redmine.pid"
LOG_FILE="$STATE_DIR/redmine.log"
KEY_FILE="$STATE_DIR/admin-api-key"
URL="http://127.0.0.1:${PORT}"

log() { printf '[redmine-setup] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

require_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (apt-get and su www-data are needed); try: sudo -E bash $0 ${COMMAND:-}"
}

packages_present() {
  local pkg
  for pkg in redmine redmine-sqlite ruby-webrick sqlite3 curl; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
}

install_packages() {
  if packages_present; then
    log "packages already installed"
    return
  fi
  log "preseeding debconf and installing packages (about a minute on a fresh machine)"
  debconf-set-selections <<'EOF'
redmine redmine/current-instances string default
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/database-type select sqlite3
redmine redmine/instances/default/default-language select en
EOF
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends redmine redmine-sqlite ruby-webrick sqlite3 curl >"$STATE_DIR/apt.log" 2>&1; then
    log "apt-get install failed; refreshing the package lists and retrying once"
    apt-get update -q >>"$STATE_DIR/apt.log" 2>&1 || true
    apt-get install -y --no-install-recommends redmine redmine-sqlite ruby-webrick sqlite3 curl >>"$STATE_DIR/apt.log" 2>&1 \
      || { tail -n 30 "$STATE_DIR/apt.log" >&2; die "apt-get install failed (log: $STATE_DIR/apt.log)"; }
  fi
}

install_webrick_gem() {
  local gemfile="$REDMINE_HOME/Gemfile.local"
  if [ -f "$gemfile" ] && grep -q "^gem 'webrick'" "$gemfile"; then
    log "Gemfile.local already has webrick"
  else
    echo "gem 'webrick'" >>"$gemfile"
  fi
  # Debian's Gemfile.lock lives in /var/lib/redmine; re-resolve only when it does not mention webrick yet.
  if ! grep -qs 'webrick' /var/lib/redmine/Gemfile.lock; then
    (cd "$REDMINE_HOME" && bundle install --local >"$STATE_DIR/bundle.log" 2>&1) \
      || { cat "$STATE_DIR/bundle.log" >&2; die "bundle install --local failed"; }
  fi
}

configure_redmine() {
  if [ -s "$KEY_FILE" ] && [ -f "$STATE_DIR/configured-v2" ]; then
    log "REST API already enabled, admin key present"
    return
  fi
  log "enabling the REST API and fetching the admin API key (rails runner, ~6 s)"
  local tmp_key
  tmp_key="$(mktemp /tmp/boxsync-redmine-key.XXXXXX)"
  chown www-data "$tmp_key"
  su www-data -s /bin/sh -c "cd $REDMINE_HOME && RAILS_ENV=production REDMINE_INSTANCE=default \
    bundle exec rails runner '
      Setting.rest_api_enabled = \"1\"
      u = User.find_by_login(\"admin\")
      u.update_columns(must_change_passwd: false)
      File.write(\"$tmp_key\", u.api_key)
      q = IssueQuery.where(name: \"Boxsync IT: bugs\", project_id: nil).first || IssueQuery.new(name: \"Boxsync IT: bugs\")
      q.user = u
      q.project = nil
      q.visibility = Query::VISIBILITY_PUBLIC
      q.filters = {}
      q.add_filter(\"status_id\", \"*\", [\"\"])
      q.add_filter(\"tracker_id\", \"=\", [Tracker.order(:position).first.id.to_s])
      q.sort_criteria = [[\"id\", \"asc\"]]
      q.save!
    '" >"$STATE_DIR/runner.log" 2>&1 \
    || { cat "$STATE_DIR/runner.log" >&2; rm -f "$tmp_key"; die "rails runner failed"; }
  install -m 600 "$tmp_key" "$KEY_FILE"
  rm -f "$tmp_key"
  [ -s "$KEY_FILE" ] || die "admin API key is empty"
  touch "$STATE_DIR/configured-v2"
}

cmd_install() {
  require_root
  mkdir -p "$STATE_DIR"
  install_packages
  install_webrick_gem
  configure_redmine
  log "install done"
}

server_pid() {
  [ -s "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

answers() {
  curl -fsS -o /dev/null --max-time 5 "$URL/" 2>/dev/null
}

api_answers() {
  curl -fsS -o /dev/null --max-time 5 -H "X-Redmine-API-Key: $(cat "$KEY_FILE")" "$URL/users/current.json" 2>/dev/null
}

write_env() {
  local key
  key="$(cat "$KEY_FILE")"
  # Readable by the (possibly non-root) user running the tests: the key belongs to a throwaway loopback instance.
  printf 'export REDMINE_URL=%s\nexport REDMINE_API_KEY=%s\n' "$URL" "$key" >"$ENV_FILE"
  chmod 644 "$ENV_FILE"
  log "wrote $ENV_FILE"
  printf 'export REDMINE_URL=%s\nexport REDMINE_API_KEY=%s\n' "$URL" "$key"
}

cmd_start() {
  require_root
  mkdir -p "$STATE_DIR"
  cmd_install
  if server_pid >/dev/null && answers; then
    log "Redmine already running on $URL (pid $(server_pid))"
  else
    if answers; then
      die "port $PORT already answers but not from our pid file ($PID_FILE); stop that server or set REDMINE_PORT"
    fi
    rm -f "$PID_FILE"
    : >"$LOG_FILE"
    chown www-data "$STATE_DIR" "$LOG_FILE"
    log "starting WEBrick on $URL"
    setsid su www-data -s /bin/sh -c "cd $REDMINE_HOME && RAILS_ENV=production REDMINE_INSTANCE=default exec \
      bundle exec rackup -s webrick -o 127.0.0.1 -p $PORT -E production -P $PID_FILE config.ru" \
      >>"$LOG_FILE" 2>&1 </dev/null &
    local started=$SECONDS
    until answers; do
      sleep 0.5
      if [ $((SECONDS - started)) -ge "${REDMINE_START_TIMEOUT:-120}" ]; then
        tail -n 40 "$LOG_FILE" >&2
        die "Redmine did not answer on $URL within ${REDMINE_START_TIMEOUT:-120} s (log: $LOG_FILE)"
      fi
    done
    log "Redmine answers on $URL after $((SECONDS - started)) s"
  fi
  api_answers || die "REST API refused the admin key; rerun after: rm $STATE_DIR/configured-v2"
  write_env
}

cmd_stop() {
  local pid
  if pid="$(server_pid)"; then
    log "stopping Redmine (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -0 "$pid" 2>/dev/null && { log "still alive, sending KILL"; kill -9 "$pid" 2>/dev/null || true; }
  else
    log "no running Redmine recorded in $PID_FILE"
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  if server_pid >/dev/null && answers; then
    log "running on $URL (pid $(server_pid))"
  else
    log "not running"
    return 1
  fi
}

COMMAND="${1:-}"
if [ "$(id -u)" != 0 ] && [ "$COMMAND" != status ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  exec sudo -E bash "$0" "$@"
fi

case "$COMMAND" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
