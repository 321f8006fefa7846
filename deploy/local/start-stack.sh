#!/usr/bin/env bash
# `npm run start:stack` (and `npm start` with KAFKA_BROKERS and DATABASE_URL set): the distributed
# mode. Local Postgres and Kafka are started if those variables are unset; then a fresh build and
# the three services as separate processes with their logs on this terminal. Ctrl-C stops the
# services (the broker keeps running; `npm run kafka -- stop` stops it).
# Ports: the gateway on PORT (3000), the projector and the assembler on the next two unless
# PROJECTOR_PORT / ASSEMBLER_PORT say otherwise; metrics likewise from METRICS_PORT (9400).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/node-env.sh
if ! command -v psql >/dev/null; then
  echo "start-stack: psql (the PostgreSQL client) is needed to create the database; install it (Debian: apt-get install postgresql-client)" >&2
  exit 1
fi
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

gateway_port="${PORT:-3000}"
metrics_port="${METRICS_PORT:-9400}"
names=(link-projector result-assembler message-gateway)
ports=("${PROJECTOR_PORT:-$((gateway_port + 1))}" "${ASSEMBLER_PORT:-$((gateway_port + 2))}" "$gateway_port")
metrics=("${PROJECTOR_METRICS_PORT:-$((metrics_port + 1))}" "${ASSEMBLER_METRICS_PORT:-$((metrics_port + 2))}" "$metrics_port")

pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' INT TERM EXIT
for i in 0 1 2; do
  PORT="${ports[$i]}" METRICS_PORT="${metrics[$i]}" node "dist/apps/${names[$i]}/src/main.js" & pids+=($!)
done

# The banner only once all three are ready. Each service waits for Postgres and Kafka on its own
# (STARTUP_WAIT_SECONDS) and exits naming what failed, so this loop ends either way.
ready=(false false false)
while [[ " ${ready[*]} " == *" false "* ]]; do
  for i in 0 1 2; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      code=0
      wait "${pids[$i]}" || code=$?
      echo "contact-links (distributed): ${names[$i]} exited (code $code) before it was ready; its last log line above says why" >&2
      exit 1
    fi
    [[ "${ready[$i]}" == true ]] || ! curl -sf "http://127.0.0.1:${ports[$i]}/health/ready" >/dev/null || ready[i]=true
  done
  sleep 0.5
done
echo "contact-links (distributed): API on http://127.0.0.1:${gateway_port}/v1/<method> (Ctrl-C to stop); projector on :${ports[0]}, assembler on :${ports[1]}; metrics on :${metrics[2]}, :${metrics[0]}, :${metrics[1]}"
wait -n "${pids[@]}"
