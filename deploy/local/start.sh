#!/usr/bin/env bash
# `npm start`: with neither KAFKA_BROKERS nor DATABASE_URL set, the embedded mode: one process, the
# three services' modules on a PostgreSQL server it runs itself (or PGlite, EMBEDDED_DATABASE), data
# in DATA_DIR (default .data/embedded), the event log in a table; nothing else to install. With both set, the distributed mode (deploy/local/start-stack.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/node-env.sh
if [[ -n "${KAFKA_BROKERS:-}" || -n "${DATABASE_URL:-}" ]]; then
  if [[ -z "${KAFKA_BROKERS:-}" || -z "${DATABASE_URL:-}" ]]; then
    echo "npm start: set both KAFKA_BROKERS and DATABASE_URL for the distributed mode, or neither for the embedded one" >&2
    exit 2
  fi
  exec bash deploy/local/start-stack.sh
fi
[[ -d node_modules ]] || npm ci --no-audit --no-fund
npm run --silent build
exec node dist/apps/embedded/src/main.js
