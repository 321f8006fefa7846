#!/usr/bin/env bash
# Make sure a local PostgreSQL accepts connections on 127.0.0.1:$PGPORT (default 5432).
#   deploy/local/postgres.sh ensure
# Uses the Debian cluster tools (postgresql-common); never creates or changes a cluster.
set -euo pipefail

PGPORT="${PGPORT:-5432}"
die() { echo "postgres.sh: $*" >&2; exit 1; }
log() { echo "postgres.sh: $*"; }
ready() { pg_isready -q -h 127.0.0.1 -p "$PGPORT"; }

cmd_ensure() {
  command -v pg_isready >/dev/null || die "pg_isready not found: apt-get install postgresql-client-15"
  if ready; then log "accepting connections on 127.0.0.1:$PGPORT"; return 0; fi
  command -v pg_lsclusters >/dev/null \
    || die "PostgreSQL server not installed: apt-get install postgresql-15"
  # The installed cluster configured for this port ("15 main" on a stock install).
  local ver name
  read -r ver name < <(pg_lsclusters -h | awk -v p="$PGPORT" '$3 == p { print $1, $2; exit }') || true
  [[ -n "${ver:-}" ]] || die "no PostgreSQL cluster configured for port $PGPORT (see pg_lsclusters); create one: pg_createcluster -p $PGPORT 15 main --start"
  log "starting cluster $ver/$name"
  # --skip-systemctl-redirect: no systemd here, let pg_ctlcluster start postgres directly.
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start \
    || die "could not start $ver/$name (see /var/log/postgresql/postgresql-$ver-$name.log)"
  for _ in $(seq 60); do ready && { log "accepting connections on 127.0.0.1:$PGPORT"; return 0; }; sleep 0.5; done
  die "cluster $ver/$name started but 127.0.0.1:$PGPORT is not ready after 30s"
}

case "${1:-}" in
  ensure) cmd_ensure ;;
  *) echo "usage: $0 ensure" >&2; exit 2 ;;
esac
