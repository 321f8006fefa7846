#!/usr/bin/env bash
# The README's test command: real Postgres and a real Kafka broker (started if needed), a fresh
# build of the services (the end-to-end tests run them as separate processes), then jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/local/postgres.sh ensure
bash deploy/local/kafka.sh ensure
npm run --silent build
export KAFKAJS_NO_PARTITIONER_WARNING=1
npx jest --selectProjects unit "$@"
npx jest --selectProjects e2e --runInBand "$@"
