#!/usr/bin/env bash
# `npm run start:stack` (and `npm start` with KAFKA_BROKERS and DATABASE_URL set): the distributed
# mode. Local Postgres and Kafka are started if those variables are unset; then a fresh build and
# the three services as separate processes with their logs on this terminal. Ctrl-C stops the
# services (the broker keeps running; `npm run kafka -- stop` stops it).
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ -d node_modules ]] || npm ci --no-audit --no-fund
[[ -n "${DATABASE_URL:-}" ]] || bash deploy/local/postgres.sh ensure
[[ -n "${KAFKA_BROKERS:-}" ]] || bash deploy/local/kafka.sh ensure
npm run --silent build

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/contact_links}"
export KAFKAJS_NO_PARTITIONER_WARNING=1
db="${DATABASE_URL##*/}"
admin_url="${DATABASE_URL%/*}/postgres"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
if [[ "$(psql "$admin_url" -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
  psql "$admin_url" -qc "CREATE DATABASE \"$db\""
fi

# Development settings (production refuses them): test numbers, codes in the log, and one access-hash
# secret for the three services, random per checkout and kept in .data so restarts keep the hashes.
export TEST_NUMBERS="${TEST_NUMBERS:-true}"
export CODE_SENDER="${CODE_SENDER:-log}"
if [[ -z "${ACCESS_HASH_SECRET:-}" ]]; then
  mkdir -p .data
  [[ -s .data/stack-access-hash-secret ]] || (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))' > .data/stack-access-hash-secret)
  ACCESS_HASH_SECRET="$(cat .data/stack-access-hash-secret)"
  export ACCESS_HASH_SECRET
fi

pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' INT TERM EXIT
PORT="${PROJECTOR_PORT:-3001}" METRICS_PORT="${PROJECTOR_METRICS_PORT:-9401}" node dist/apps/link-projector/src/main.js & pids+=($!)
PORT="${ASSEMBLER_PORT:-3002}" METRICS_PORT="${ASSEMBLER_METRICS_PORT:-9402}" node dist/apps/result-assembler/src/main.js & pids+=($!)
PORT="${PORT:-3000}" METRICS_PORT="${METRICS_PORT:-9400}" node dist/apps/message-gateway/src/main.js & pids+=($!)
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:${PORT:-3000}/health/ready" >/dev/null && break
  sleep 0.5
done
echo "contact-links (distributed): API on http://127.0.0.1:${PORT:-3000}/v1/<method> (Ctrl-C to stop)"
wait -n "${pids[@]}"
